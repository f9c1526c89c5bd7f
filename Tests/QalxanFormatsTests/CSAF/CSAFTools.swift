import Foundation
import Testing

/// The external checkers the tests run: the PyPI `csaf` validator and Python `jsonschema`
/// against the OASIS schemas in `shared/data/csaf-2.0`. Both come from a virtual environment:
/// `$QALXAN_VENV`, else `.venv` in the package root (CI.md says how CI installs them).
enum CSAFTools {
    /// The package root: the nearest folder above this file that holds a Package.swift.
    static let root: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }()

    static var venv: URL {
        if let path = ProcessInfo.processInfo.environment["QALXAN_VENV"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return root.appendingPathComponent(".venv")
    }

    /// `shared/data/csaf-2.0`, found beside the package root or one level above it.
    static func schemaFolder() throws -> URL {
        var dir = root
        while dir.path != "/" {
            for candidate in ["shared/data/csaf-2.0", "../shared/data/csaf-2.0"] {
                let url = dir.appendingPathComponent(candidate).standardized
                if FileManager.default.fileExists(atPath: url.appendingPathComponent("json_schema/csaf_json_schema.json").path) {
                    return url
                }
            }
            dir = dir.deletingLastPathComponent()
        }
        throw ToolError("no shared/data/csaf-2.0 above \(root.path)")
    }

    struct ToolError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    struct Outcome {
        let status: Int32
        let output: String
    }

    /// Runs a program of the virtual environment; throws when it is not installed.
    static func run(_ program: String, _ arguments: [String]) throws -> Outcome {
        let executable = venv.appendingPathComponent("bin").appendingPathComponent(program)
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw ToolError("\(executable.path) is missing: pip install the packages CI.md names into \(venv.path), or set QALXAN_VENV")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// The validator as CI runs it (CI.md): every test of CSAF 2.0 section 6 but 6.2.16,
    /// `csaf validate --spec-version v20 --no-network --preset full --skip-rules 6.2.16 FILES`.
    /// 6.2.16 wants a CPE or PURL on every product, which advisories do not record; with
    /// `--preset full` a failed recommended test makes the exit status 1.
    static func validate(_ files: [URL], skip: [String] = ["6.2.16"], preset: String = "full") throws -> Outcome {
        try run("csaf", ["validate", "--spec-version", "v20", "--no-network", "--preset", preset]
            + (skip.isEmpty ? [] : ["--skip-rules", skip.joined(separator: ",")]) + files.map(\.path))
    }

    /// Validates `files` against `schema` (a file in `json_schema/`) with Python `jsonschema`,
    /// the FIRST CVSS schemas resolved from `referenced_schema/`, never from the network, and
    /// the formats (`date-time`, `uri`) asserted.
    static func jsonschema(_ schema: String, _ files: [URL]) throws -> Outcome {
        try run("python", ["-c", jsonschemaScript, try schemaFolder().path, schema] + files.map(\.path))
    }

    private static let jsonschemaScript = #"""
import json, pathlib, re, sys
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

folder, schema_name, files = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
resources = []
for path in sorted((folder / "json_schema").glob("*.json")):
    contents = json.loads(path.read_text())
    resources.append((contents["$id"], Resource.from_contents(contents)))
for path in sorted((folder / "referenced_schema" / "first").glob("cvss-v*.json")):
    if not path.stem.endswith("_strict"):
        resources.append(("https://www.first.org/cvss/" + path.name, Resource.from_contents(json.loads(path.read_text()))))
registry = Registry().with_resources(resources)

formats = FormatChecker(formats=())
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:([A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})*")
formats.checks("date-time")(lambda v: not isinstance(v, str) or DATE_TIME.fullmatch(v) is not None)
formats.checks("uri")(lambda v: not isinstance(v, str) or URI.fullmatch(v) is not None)

schema = json.loads((folder / "json_schema" / schema_name).read_text())
validator = Draft202012Validator(schema, registry=registry, format_checker=formats)
invalid = 0
for name in files:
    errors = list(validator.iter_errors(json.loads(pathlib.Path(name).read_text())))
    for e in errors:
        print(f"{name}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
    invalid += bool(errors)
print(f"{len(files) - invalid} valid, {invalid} invalid")
sys.exit(1 if invalid else 0)
"""#
}
