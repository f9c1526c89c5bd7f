import Foundation
import MultipartKit
import NIOCore
import Vapor

/// The fields and files of a submitted form (URL-encoded or multipart), keeping
/// repeated names and bytes that are not valid UTF-8 (read as U+FFFD, never refused).
struct FormData {
    struct File {
        let fileName: String
        let contentType: String
        let data: Data
    }

    private(set) var fields: [(String, String)] = []
    private(set) var files: [(String, File)] = []

    func first(_ name: String) -> String? { fields.first { $0.0 == name }?.1 }
    func value(_ name: String) -> String { first(name) ?? "" }
    func all(_ name: String) -> [String] { fields.filter { $0.0 == name }.map(\.1) }
    func files(_ name: String) -> [File] { files.filter { $0.0 == name }.map(\.1) }

    /// Reads the request body.
    static func read(_ req: Request) throws -> FormData {
        guard let buffer = req.body.data else { return FormData() }
        let type = req.headers.contentType
        if type?.type == "multipart", type?.subType == "form-data" {
            guard let boundary = type?.parameters["boundary"], !boundary.isEmpty else {
                throw Abort(.badRequest)
            }
            return try multipart(buffer, boundary: boundary)
        }
        return FormData(fields: urlEncoded(String(decoding: buffer.readableBytesView, as: UTF8.self)))
    }

    /// `a=1&b=2&a=3` → pairs, `+` as space, percent-decoding lossy.
    static func urlEncoded(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(kv[0]), kv.count > 1 ? decode(kv[1]) : "")
        }
    }

    private static func decode(_ s: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "+") { bytes.append(0x20) }
            else if b == UInt8(ascii: "%"), it.count >= 2,
                    let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v)
                it = it.dropFirst(2)
            } else { bytes.append(b) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func multipart(_ buffer: ByteBuffer, boundary: String) throws -> FormData {
        var form = FormData()
        let parser = MultipartParser(boundary: boundary)
        var headers: [(String, String)] = []
        var body = ByteBuffer()
        parser.onHeader = { name, value in headers.append((name.lowercased(), value)) }
        parser.onBody = { chunk in body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
            let params = dispositionParameters(disposition)
            let name = params["name"] ?? ""
            if let fileName = params["filename"] {
                let contentType = headers.first { $0.0 == "content-type" }?.1 ?? "application/octet-stream"
                // A file input left empty sends a part without name or bytes: skip it.
                if !(fileName.isEmpty && body.readableBytes == 0) {
                    form.files.append((name, File(fileName: fileName, contentType: contentType,
                                                  data: Data(body.readableBytesView))))
                }
            } else {
                form.fields.append((name, String(decoding: body.readableBytesView, as: UTF8.self)))
            }
            headers = []
            body = ByteBuffer()
        }
        do { try parser.execute(buffer) } catch { throw Abort(.badRequest) }
        return form
    }

    /// Parameters of a `Content-Disposition` header (quoted or not).
    static func dispositionParameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(header)
        while let semi = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semi)...].drop(while: { $0 == " " })
            guard let eq = rest.firstIndex(of: "=") else { break }
            let key = rest[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            var after = rest[rest.index(after: eq)...]
            var value = ""
            if after.first == "\"" {
                after = after.dropFirst()
                var escaped = false
                var end = after.endIndex
                for i in after.indices {
                    let c = after[i]
                    if escaped { value.append(c); escaped = false; continue }
                    if c == "\\" { escaped = true; continue }
                    if c == "\"" { end = i; break }
                    value.append(c)
                }
                rest = end < after.endIndex ? after[after.index(after: end)...] : ""
            } else {
                let end = after.firstIndex(of: ";") ?? after.endIndex
                value = after[..<end].trimmingCharacters(in: .whitespaces)
                rest = after[end...]
            }
            result[key] = value
        }
        return result
    }
}
