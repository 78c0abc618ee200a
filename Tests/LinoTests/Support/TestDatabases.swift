import Foundation
import Lino
import XCTest

/// The databases every store test runs against: SQLite always, and PostgreSQL
/// when scripts/test started a cluster (WELFARE_TEST_POSTGRES=postgres://...).
enum TestDatabases {
    static var postgresURL: String? { ProcessInfo.processInfo.environment["WELFARE_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Whether a missing PostgreSQL must fail the tests (scripts/test sets this, so CI never skips it silently).
    static var postgresRequired: Bool { ProcessInfo.processInfo.environment["WELFARE_REQUIRE_POSTGRES"] == "1" }

    /// A fresh, empty database of each kind. Call `cleanup` when done.
    static func fresh() async throws -> [(name: String, db: Database, cleanup: @Sendable () async -> Void)] {
        var out: [(String, Database, @Sendable () async -> Void)] = []
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lino-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let sqlite = try SQLiteDatabase(path: dir.appendingPathComponent("test.sqlite").path)
        out.append(("sqlite", sqlite, { await sqlite.close(); try? FileManager.default.removeItem(at: dir) }))
        if let base = postgresURL {
            let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try PostgresDatabase(url: base, connections: 1)
            try await admin.read { c in try c.executeScript("CREATE DATABASE \(name)") }
            let url = Self.replaceDatabase(base, with: String(name))
            let pg = try PostgresDatabase(url: url)
            out.append(("postgres", pg, {
                await pg.close()
                _ = try? await admin.read { c in try c.executeScript("DROP DATABASE IF EXISTS \(name)") }
                await admin.close()
            }))
        } else if postgresRequired {
            XCTFail("WELFARE_REQUIRE_POSTGRES=1 but WELFARE_TEST_POSTGRES is not set")
        }
        return out
    }

    /// `postgres://u@h:p/db?x` with another database name.
    static func replaceDatabase(_ url: String, with name: String) -> String {
        guard let slash = url.range(of: "/", options: .backwards, range: url.range(of: "://")!.upperBound..<url.endIndex) else { return url + "/" + name }
        let rest = url[slash.upperBound...]
        let query = rest.firstIndex(of: "?").map { String(rest[$0...]) } ?? ""
        return String(url[..<slash.upperBound]) + name + query
    }
}
