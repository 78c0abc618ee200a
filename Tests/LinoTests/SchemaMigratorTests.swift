import Foundation
import XCTest
@testable import Lino

/// `welfare migrate` on a database made by an older version.
final class SchemaMigratorTests: XCTestCase {
    static let kinds = ChoiceList("m.Kinds", [("a", "a", "A"), ("b", "b", "B")])

    func site(withNewField: Bool) throws -> Site {
        let thing = Model("m.Thing", label: "Thing", plural: "Things") {
            CharField("name", "Name", required: true)
            if withNewField { ChoiceField("kind", "Kind", Self.kinds, required: true, default: "b") }
        }
        return try Site(name: "M", version: "1", languages: ["en"], plugins: [Plugin("m", models: [thing], tables: [
            Table("m.Things", model: "m.Thing", label: "Things", columns: "name"),
        ])], userTypes: [], menu: [], localizer: Localizer(languages: ["en"], catalogues: [:]))
    }

    func testANewFieldWithADefaultFillsTheExistingRowsAndOldSessionTablesGrow() async throws {
        for (name, db, cleanup) in try await TestDatabases.fresh() {
            do {
                let old = try site(withNewField: false)
                let first = try await db.write { c -> [String] in
                    // A session table as the first release made it, without `checked`.
                    try c.executeScript("""
                        CREATE TABLE lino_session (token TEXT PRIMARY KEY, user_id INTEGER NOT NULL, acting_as INTEGER,
                          csrf TEXT NOT NULL, created TEXT NOT NULL, last_seen TEXT NOT NULL)
                        """)
                    let ran = try SchemaMigrator(site: old).migrate(c)
                    try c.execute("INSERT INTO m_thing (name) VALUES (?)", [.text("old row")])
                    return ran
                }
                XCTAssertTrue(first.contains { $0.contains("ADD COLUMN checked") }, "[\(name)] \(first)")
                let new = try site(withNewField: true)
                let ran = try await db.write { c in try SchemaMigrator(site: new).migrate(c) }
                XCTAssertTrue(ran.contains { $0.contains("ADD COLUMN") && $0.contains("kind") }, "[\(name)] \(ran)")
                let kind = try await db.read { c in try c.scalar("SELECT kind FROM m_thing", type: .text).stringValue }
                XCTAssertEqual(kind, "b", "the existing row got the default [\(name)]")
                let again = try await db.write { c in try SchemaMigrator(site: new).migrate(c) }
                XCTAssertTrue(again.isEmpty, "a second migrate changes nothing [\(name)] \(again)")
            } catch {
                XCTFail("[\(name)] \(error)")
            }
            await cleanup()
        }
    }
}
