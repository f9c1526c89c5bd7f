import Foundation
import QalxanCore

/// Maps one advisory to a CSAF 2.0 document; `CSAFDocument.make` is its only caller.
struct CSAFDocumentBuilder {
    static let engineName = "Qalxan"
    static let tlpURL = "https://www.first.org/tlp/"

    let advisory: Advisory
    let publisher: CSAFPublisher
    let language: Language
    let labels: CSAFDocument.Labels

    /// The advisory's text of `field` in the document's language, else in another one.
    private func text(_ field: [Language: String]) -> String {
        Advisory.text(field, language).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func build(generated: Date, engineVersion: String) throws(CSAFDocument.Failure) -> CSAFDocument {
        try publisher.validate()
        let trackingID = try checkedTrackingID()
        let title = text(advisory.title)
        guard !title.isEmpty else { throw CSAFDocument.Failure(key: "csaf.error.title") }
        let revisions = try checkedRevisions()
        let cves = try checkedCVEs()
        let cvss = try checkedCVSS()
        let tree = try CSAFProductTree(advisory.products)
        let references = try externalReferences()

        let category: CSAFDocument.Category =
            !tree.isEmpty && (!cves.isEmpty || cvss != nil) ? .securityAdvisory : .base
        let tlpLabel = CSAFDocument.TLPLabel(advisory.tlp)
        let initial = revisions.first!.date
        let current = revisions.last!.date
        let path = CSAFProvider.path(trackingID: trackingID, initialRelease: initial)
        let selfURL = CSAFProvider.directoryURL(publisher: publisher, label: tlpLabel) + path

        var generator: [String: CSAFJSON] = [
            "date": .string(CSAFDate.string(generated)),
            "engine": ["name": .string(Self.engineName)],
        ]
        let version = engineVersion.trimmingCharacters(in: .whitespacesAndNewlines)
        if !version.isEmpty { generator["engine"] = ["name": .string(Self.engineName), "version": .string(version)] }

        var document: [String: CSAFJSON] = [
            "category": .string(category.rawValue),
            "csaf_version": "2.0",
            "distribution": [
                "text": .string(labels.tlp2(advisory.tlp)),
                "tlp": ["label": .string(tlpLabel.rawValue), "url": .string(Self.tlpURL)],
            ],
            "lang": .string(language.rawValue),
            "publisher": publisher.json,
            "references": .array(
                [["category": "self", "summary": .string(labels.selfReference), "url": .string(selfURL)]] + references),
            "title": .string(title),
            "tracking": [
                "current_release_date": .string(CSAFDate.string(current)),
                "generator": .object(generator),
                "id": .string(trackingID),
                "initial_release_date": .string(CSAFDate.string(initial)),
                "revision_history": .array(revisions.map { revision in
                    [
                        "date": .string(CSAFDate.string(revision.date)),
                        "number": .string(String(revision.number)),
                        "summary": .string(revisionSummary(revision)),
                    ]
                }),
                "status": "final",
                "version": .string(String(revisions.last!.number)),
            ],
        ]
        let notes = documentNotes()
        if !notes.isEmpty { document["notes"] = .array(notes) }

        var root: [String: CSAFJSON] = ["document": .object(document)]
        switch category {
        case .securityAdvisory:
            root["product_tree"] = tree.json
            root["vulnerabilities"] = .array(securityVulnerabilities(cves: cves, cvss: cvss, tree: tree))
        case .base:
            // No product is referenced without a vulnerability, and an unreferenced product
            // is test 6.2.1: the products stay in the advisory's text. CVEs still go in.
            if !cves.isEmpty {
                root["vulnerabilities"] = .array(cves.map { ["cve": .string($0), "notes": vulnerabilityNotes()] })
            }
        }

        return CSAFDocument(content: .object(root), trackingID: trackingID, category: category, tlpLabel: tlpLabel,
                            initialRelease: initial, currentRelease: current)
    }

    // MARK: - Checks

    /// `tracking.id` must not start or end with white space (schema pattern `^[\S](.*[\S])?$`).
    private func checkedTrackingID() throws(CSAFDocument.Failure) -> String {
        let id = advisory.trackingID
        guard !id.isEmpty, id.trimmingCharacters(in: .whitespacesAndNewlines) == id,
              !id.contains(where: \.isNewline)
        else { throw CSAFDocument.Failure(key: "csaf.error.tracking_id", values: ["id": id]) }
        return id
    }

    /// Revisions numbered 1, 2, 3 … in date order: tests 6.1.14 (sorted), 6.1.16 (latest
    /// version), 6.1.21 (no gap), 6.1.22 (no repetition); 0 would be a draft (6.1.17).
    private func checkedRevisions() throws(CSAFDocument.Failure) -> [Advisory.Revision] {
        let revisions = advisory.revisions
        guard !revisions.isEmpty else { throw CSAFDocument.Failure(key: "csaf.error.no_revision") }
        for (index, revision) in revisions.enumerated() {
            guard revision.number == index + 1 else {
                throw CSAFDocument.Failure(key: "csaf.error.revision_number",
                                           values: ["expected": String(index + 1), "number": String(revision.number)])
            }
            if index > 0, revision.date < revisions[index - 1].date {
                throw CSAFDocument.Failure(key: "csaf.error.revision_date", values: ["number": String(revision.number)])
            }
        }
        return revisions
    }

    /// Upper-case, each once (test 6.1.23), in the schema's `CVE-YYYY-NNNN…` form.
    private func checkedCVEs() throws(CSAFDocument.Failure) -> [String] {
        var seen: [String] = []
        for raw in advisory.cves {
            let cve = raw.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
            let parts = cve.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "CVE", parts[1].count == 4, parts[2].count >= 4,
                  (parts[1] + parts[2]).allSatisfy({ $0.isASCII && $0.isNumber })
            else { throw CSAFDocument.Failure(key: "csaf.error.cve", values: ["cve": raw]) }
            if !seen.contains(cve) { seen.append(cve) }
        }
        return seen
    }

    private func checkedCVSS() throws(CSAFDocument.Failure) -> CVSS31? {
        guard let vector = advisory.cvssVector?.trimmingCharacters(in: .whitespacesAndNewlines), !vector.isEmpty else {
            return nil
        }
        do {
            return try CVSS31(vector: vector)
        } catch {
            throw CSAFDocument.Failure(key: "csaf.error.cvss_vector", values: ["vector": vector])
        }
    }

    /// The advisory's links as `external` references; a link without a summary is
    /// summarised by its URL (`summary` is required).
    private func externalReferences() throws(CSAFDocument.Failure) -> [CSAFJSON] {
        var out: [CSAFJSON] = []
        var seen: Set<String> = []
        for reference in advisory.references {
            let url = reference.url.trimmingCharacters(in: .whitespacesAndNewlines)
            guard CSAFURL.isWebURL(url) else {
                throw CSAFDocument.Failure(key: "csaf.error.reference_url", values: ["url": reference.url])
            }
            guard seen.insert(url).inserted else { continue }
            let summary = reference.summary.trimmingCharacters(in: .whitespacesAndNewlines)
            out.append(["category": "external", "summary": .string(summary.isEmpty ? url : summary), "url": .string(url)])
        }
        return out
    }

    // MARK: - Parts

    private func revisionSummary(_ revision: Advisory.Revision) -> String {
        let note = Advisory.text(revision.note, language).trimmingCharacters(in: .whitespacesAndNewlines)
        if !note.isEmpty { return note }
        return labels.revision(revision.number)
    }

    /// Summary, body and recommendations as notes; the text is the advisory's Markdown as is.
    private func documentNotes() -> [CSAFJSON] {
        var notes: [CSAFJSON] = []
        for (field, category, title) in [
            (advisory.summary, "summary", labels.summary),
            (advisory.body, "description", labels.description),
            (advisory.recommendations, "general", labels.recommendations),
        ] {
            let value = text(field)
            if !value.isEmpty {
                notes.append(["category": .string(category), "text": .string(value), "title": .string(title)])
            }
        }
        return notes
    }

    /// A vulnerability's one `description` note (test 6.1.27.5): the summary, else the body,
    /// else the title.
    private func vulnerabilityNotes() -> CSAFJSON {
        let value = [text(advisory.summary), text(advisory.body), text(advisory.title)].first { !$0.isEmpty } ?? ""
        return [["category": "description", "text": .string(value), "title": .string(labels.description)]]
    }

    /// One vulnerability a CVE, or one without `cve` when there is only a CVSS vector. Every
    /// affected product is known_affected and scored; fixed products are fixed and never
    /// scored (test 6.2.19).
    private func securityVulnerabilities(cves: [String], cvss: CVSS31?, tree: CSAFProductTree) -> [CSAFJSON] {
        let affected = tree.affectedIDs
        let fixed = tree.fixedIDs

        var status: [String: CSAFJSON] = [:]
        if !affected.isEmpty { status["known_affected"] = .array(affected.map { .string($0) }) }
        if !fixed.isEmpty { status["fixed"] = .array(fixed.map { .string($0) }) }

        var shared: [String: CSAFJSON] = ["notes": vulnerabilityNotes(), "product_status": .object(status)]
        if let cvss, !affected.isEmpty {
            shared["scores"] = [["cvss_v3": Self.cvssV3(cvss), "products": .array(affected.map { .string($0) })]]
        }
        let remediations = remediations(tree: tree)
        if !remediations.isEmpty { shared["remediations"] = .array(remediations) }

        guard !cves.isEmpty else { return [.object(shared)] }
        return cves.map { cve in
            var vulnerability = shared
            vulnerability["cve"] = .string(cve)
            return .object(vulnerability)
        }
    }

    /// A `vendor_fix` for the product lines that have fixed versions (covering their affected
    /// and fixed products: a fixed product needs a remediation, test 6.1.27), and for the
    /// affected products without a fix a `mitigation` with the recommendations, or
    /// `none_available`.
    private func remediations(tree: CSAFProductTree) -> [CSAFJSON] {
        let recommendations = text(advisory.recommendations)
        var out: [CSAFJSON] = []

        let withFix = tree.lines.filter { !$0.fixedIDs.isEmpty }
        if !withFix.isEmpty {
            let ids = withFix.flatMap { $0.affectedIDs + $0.fixedIDs }
            let details = recommendations.isEmpty
                ? labels.fixedVersions(tree.fixedProductNames)
                : recommendations
            out.append(["category": "vendor_fix", "details": .string(details), "product_ids": .array(ids.map { .string($0) })])
        }

        let unfixed = tree.lines.filter { $0.fixedIDs.isEmpty }.flatMap(\.affectedIDs)
        if !unfixed.isEmpty {
            // Every affected product gets a remediation (test 6.2.2): without recommendations,
            // the plain statement that no fix is known.
            out.append([
                "category": recommendations.isEmpty ? "none_available" : "mitigation",
                "details": .string(recommendations.isEmpty ? labels.noFix : recommendations),
                "product_ids": .array(unfixed.map { .string($0) }),
            ])
        }
        return out
    }

    /// `cvss_v3` as the FIRST CVSS v3.x JSON schema has it; the severity in upper case.
    static func cvssV3(_ cvss: CVSS31) -> CSAFJSON {
        var members: [String: CSAFJSON] = [
            "version": .string(cvss.version),
            "vectorString": .string(cvss.vectorString),
            "baseScore": .double(cvss.baseScore),
            "baseSeverity": .string(cvss.baseSeverity.rawValue.uppercased()),
        ]
        if let temporal = cvss.temporalScore { members["temporalScore"] = .double(temporal) }
        if let environmental = cvss.environmentalScore { members["environmentalScore"] = .double(environmental) }
        for metric in cvss.csafMetrics { members[metric.name] = .string(metric.value) }
        return .object(members)
    }
}
