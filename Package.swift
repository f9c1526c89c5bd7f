// swift-tools-version:6.2
import PackageDescription

// Layers (see DESIGN.md): QalxanCore, QalxanFormats and QalxanViews import no framework
// (QalxanFormats links the system zlib to read gzip files); QalxanStorage
// and QalxanServices use FluentKit but not Vapor; QalxanWeb is the only Vapor target.
// qalxan-bench links only what it measures, so its release build stays short.
let package = Package(
    name: "qalxan",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "qalxan", targets: ["qalxan"]),
        .executable(name: "qalxan-bench", targets: ["qalxan-bench"]),
        .library(name: "QalxanCore", targets: ["QalxanCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.24.0"),
    ],
    targets: [
        .target(
            name: "QalxanCore",
            resources: [.copy("Resources/Locales")]
        ),
        .systemLibrary(name: "CZlib"),
        .target(
            name: "QalxanFormats",
            dependencies: ["QalxanCore", "CZlib"]
        ),
        .target(
            name: "QalxanViews",
            dependencies: ["QalxanCore"]
        ),
        .target(
            name: "QalxanStorage",
            dependencies: [
                "QalxanCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "QalxanServices",
            dependencies: [
                "QalxanCore", "QalxanFormats", "QalxanStorage",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "QalxanWeb",
            dependencies: [
                "QalxanCore", "QalxanViews", "QalxanStorage", "QalxanServices",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [.copy("Resources/openapi.json")]
        ),
        .executableTarget(
            name: "qalxan",
            dependencies: [
                "QalxanWeb",
                .product(name: "Vapor", package: "vapor"),
            ]
        ),
        .executableTarget(
            name: "qalxan-bench",
            dependencies: [
                "QalxanCore", "QalxanFormats", "QalxanViews", "QalxanStorage", "QalxanServices",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "QalxanCoreTests",
            dependencies: ["QalxanCore", "QalxanViews"],
            exclude: ["Mail/Fixtures"]
        ),
        .testTarget(
            name: "QalxanFormatsTests",
            dependencies: ["QalxanCore", "QalxanFormats"]
        ),
        .testTarget(
            name: "QalxanWebTests",
            dependencies: [
                "QalxanWeb", "QalxanCore", "QalxanServices", "QalxanStorage", "QalxanViews", "QalxanFormats",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            exclude: ["Support/smtp_server.py"]
        ),
    ]
)
