// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tracker",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tracker", targets: ["tracker-cli"]),
        .library(name: "Tracker", targets: ["Tracker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // libpq's header for its types; the library itself is opened at run
        // time, so the binary needs it only for a PostgreSQL --db.
        .target(name: "CLibPQ", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // Turns migrations/*.sql into Swift source at build time, so the
        // binary carries its schema and works when copied alone.
        .executableTarget(name: "migration-embedder"),
        .plugin(
            name: "EmbedMigrations",
            capability: .buildTool(),
            dependencies: ["migration-embedder"]
        ),
        .target(
            name: "Tracker",
            dependencies: [
                "CSQLite",
                "CLibPQ",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            plugins: ["EmbedMigrations"]
        ),
        .executableTarget(
            name: "tracker-cli",
            dependencies: [
                "Tracker",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TrackerTests", dependencies: ["Tracker"], exclude: ["Reference", "FuzzSeeds"]),
        .testTarget(name: "TrackerCLITests", dependencies: ["tracker-cli", "Tracker"]),
    ]
)
