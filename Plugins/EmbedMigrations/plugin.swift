import Foundation
import PackagePlugin

/// Embeds `migrations/*.sql` (SQLite) and `migrations/postgresql/*.sql` into
/// the `Tracker` module as Swift source, so the schema travels inside the
/// binary: a release binary copied alone still knows how to create and
/// upgrade a database on either engine. SwiftPM plans the build again only
/// when the package changes: after adding a migration file to a working
/// tree, `rm .build/*.yaml` (a clean clone needs nothing).
@main
struct EmbedMigrations: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let directory = context.package.directoryURL.appending(path: "migrations")
        func files(in folder: URL) throws -> [URL] {
            guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
            return try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".sql") }
                .sorted()
                .map { folder.appending(path: $0) }
        }
        let sqlite = try files(in: directory)
        let postgresql = try files(in: directory.appending(path: "postgresql"))
        let inputs = sqlite + postgresql
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrations.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(sqlite.count) + \(postgresql.count) migrations",
                executable: try context.tool(named: "migration-embedder").url,
                arguments: [output.path] + sqlite.map(\.path) + ["--postgresql"] + postgresql.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
