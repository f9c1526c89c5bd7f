import Foundation
import QalxanCore

/// The files of a CSAF 2.0 provider's directory-based distribution (section 7.1):
/// `<base>/provider-metadata.json`, and in each TLP folder `<base>/<tlp>/` the documents in
/// year folders with their `.sha256`/`.sha512` files, `index.txt` and `changes.csv`.
/// Pure functions: the caller writes the files.
public enum CSAFProvider {
    /// A document as `index.txt` and `changes.csv` list it.
    public struct Entry: Sendable, Equatable {
        /// `2026/qx-sa-2026-0007.json`, relative to the TLP folder.
        public var path: String
        /// `document.tracking.current_release_date`.
        public var currentRelease: Date

        public init(path: String, currentRelease: Date) {
            self.path = path
            self.currentRelease = currentRelease
        }

        /// `year` is the year of the initial release; `fileName` as `fileName(trackingID:)`.
        public init(year: Int, fileName: String, currentRelease: Date) {
            self.init(path: String(year) + "/" + fileName, currentRelease: currentRelease)
        }

        /// The entry of a document made by `CSAFDocument.make`.
        public init(_ document: CSAFDocument) {
            self.init(path: document.path, currentRelease: document.currentRelease)
        }
    }

    /// An OpenPGP key that signs the documents (`public_openpgp_keys`, section 7.1.20).
    public struct PublicKey: Sendable, Equatable {
        /// The full fingerprint, 40 or more hex digits (spaces are ignored).
        public var fingerprint: String
        /// Where the public key can be downloaded.
        public var url: String

        public init(fingerprint: String, url: String) {
            self.fingerprint = fingerprint
            self.url = url
        }
    }

    /// The file name of a document (section 5.1): the tracking id in lower case, every run
    /// of characters other than `+`, `-`, `a-z`, `0-9` replaced by one `_`, then `.json`.
    public static func fileName(trackingID: String) -> String {
        var name = ""
        var inRun = false
        for scalar in trackingID.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "+" || scalar == "-" {
                name.unicodeScalars.append(scalar)
                inRun = false
            } else if !inRun {
                name += "_"
                inRun = true
            }
        }
        return name + ".json"
    }

    /// The year folder of a document (section 7.1.11): the UTC year of its initial release.
    public static func folder(initialRelease: Date) -> String {
        String(format: "%04d", CSAFDate.year(initialRelease))
    }

    /// `<year>/<file name>`, relative to the TLP folder.
    public static func path(trackingID: String, initialRelease: Date) -> String {
        folder(initialRelease: initialRelease) + "/" + fileName(trackingID: trackingID)
    }

    /// The URL of a TLP folder: `https://<host>/.well-known/csaf/white/`.
    public static func directoryURL(publisher: CSAFPublisher, label: CSAFDocument.TLPLabel) -> String {
        publisher.providerURL + label.folder + "/"
    }

    /// Where a document is served; the `self` reference of the document.
    public static func documentURL(_ document: CSAFDocument, publisher: CSAFPublisher) -> String {
        directoryURL(publisher: publisher, label: document.tlpLabel) + document.path
    }

    /// `index.txt` of one TLP folder (section 7.1.12): every document's path, one a line,
    /// newest year first.
    public static func indexTxt(_ entries: [Entry]) -> String {
        Set(entries.map(\.path)).sorted(by: >).map { $0 + "\n" }.joined()
    }

    /// `changes.csv` of one TLP folder (section 7.1.13, CSAF 2.0 form with quotes, no
    /// heading): `"<path>","<current_release_date>"`, the latest change first.
    public static func changesCSV(_ entries: [Entry]) -> String {
        entries
            .sorted { a, b in
                a.currentRelease != b.currentRelease ? a.currentRelease > b.currentRelease : a.path > b.path
            }
            .map { "\"\($0.path)\",\"\(CSAFDate.string($0.currentRelease))\"\n" }
            .joined()
    }

    /// The name of a document's hash file (section 7.1.18): `qx-sa-2026-0007.json.sha256`.
    public static func hashFileName(documentFileName: String, algorithm: String) -> String {
        documentFileName + "." + algorithm
    }

    /// The content of a `.sha256` or `.sha512` file as `sha256sum` writes it:
    /// `<hex>  <file name>` and a newline. `hex` is the digest of the document's bytes.
    public static func hashLine(hex: String, fileName: String) -> String {
        hex.lowercased() + "  " + fileName + "\n"
    }

    /// `provider-metadata.json` (section 7.1.7), served at
    /// `<baseURL>/.well-known/csaf/provider-metadata.json` (section 7.1.9); pretty, sorted keys.
    /// - Parameters:
    ///   - folders: the TLP folders that hold documents; one `directory_url` each.
    ///   - lastUpdated: when a document was last added or changed.
    public static func providerMetadata(publisher: CSAFPublisher,
                                        folders: [CSAFDocument.TLPLabel] = CSAFDocument.TLPLabel.allCases,
                                        lastUpdated: Date, publicKeys: [PublicKey] = [],
                                        listOnAggregators: Bool = true,
                                        mirrorOnAggregators: Bool = true) throws(CSAFDocument.Failure) -> Data {
        try publisher.validate()
        var metadata: [String: CSAFJSON] = [
            "canonical_url": .string(publisher.providerURL + "provider-metadata.json"),
            "last_updated": .string(CSAFDate.string(lastUpdated)),
            "list_on_CSAF_aggregators": .bool(listOnAggregators),
            "metadata_version": "2.0",
            "mirror_on_CSAF_aggregators": .bool(mirrorOnAggregators),
            "publisher": publisher.json,
            "role": "csaf_provider",
        ]
        var unique: [CSAFDocument.TLPLabel] = []
        for folder in folders where !unique.contains(folder) { unique.append(folder) }
        if !unique.isEmpty {
            metadata["distributions"] = .array(unique.map { ["directory_url": .string(directoryURL(publisher: publisher, label: $0))] })
        }
        if !publicKeys.isEmpty {
            var keys: [CSAFJSON] = []
            for key in publicKeys {
                let fingerprint = key.fingerprint.replacingOccurrences(of: " ", with: "")
                guard fingerprint.count >= 40, fingerprint.allSatisfy({ $0.isASCII && $0.isHexDigit }) else {
                    throw CSAFDocument.Failure(key: "csaf.error.openpgp_fingerprint", values: ["fingerprint": key.fingerprint])
                }
                guard CSAFURL.isWebURL(key.url) else {
                    throw CSAFDocument.Failure(key: "csaf.error.openpgp_url", values: ["url": key.url])
                }
                keys.append(["fingerprint": .string(fingerprint.uppercased()), "url": .string(key.url)])
            }
            metadata["public_openpgp_keys"] = .array(keys)
        }
        return CSAFJSON.object(metadata).data()
    }
}
