import FluentKit
import Foundation
import QalxanCore
import QalxanFormats
import QalxanStorage

/// Writes the registry in the CSV layout the importer reads, so a file exported from one
/// installation loads into another (or back) unchanged.
public struct ConstituencyExportService: Sendable {
    public init() {}

    /// The whole registry as CSV.
    public func csv(actor: Actor, on db: any Database) async throws -> String {
        try actor.require(.viewConstituency)
        let organisations = try await OrganisationModel.query(on: db).sort(\.$nameEn).sort(\.$nameAz).all()
        var keyByID: [UUID: String] = [:]
        for o in organisations { keyByID[o.id!] = o.externalKey ?? o.id!.uuidString }
        let contacts = Dictionary(grouping: try await ContactModel.query(on: db).sort(\.$role).sort(\.$email).all(), by: \.organisationID)
        let networks = Dictionary(grouping: try await NetworkModel.query(on: db).sort(\.$kind).sort(\.$value).all(), by: \.organisationID)
        let rows = organisations.map { o in
            ImportedOrganisation(
                key: keyByID[o.id!]!, nameEn: o.nameEn, nameAz: o.nameAz, kind: o.kind, sector: o.sector, country: o.country,
                parentKey: o.parentID.flatMap { keyByID[$0] } ?? "", languages: o.languageList, notification: o.notification,
                encryptedMail: o.encryptedMail, notes: o.notes,
                contacts: (contacts[o.id!] ?? []).map {
                    ImportedContact(name: $0.name, email: $0.email, phone: $0.phone, role: $0.role, languages: $0.languageList,
                                    primary: $0.isPrimary, line: 0)
                },
                networks: (networks[o.id!] ?? []).map(\.value), line: 0)
        }
        return ConstituencyCSV.write(rows)
    }
}
