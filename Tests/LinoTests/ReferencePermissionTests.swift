import Foundation
import XCTest
@testable import Lino

/// Permissions hold at every door, not only the table's own: combo choices,
/// foreign-key texts, filters, sorts, master records and learning combos.
final class ReferencePermissionTests: XCTestCase {
    struct Seeded {
        let store: RecordStore
        let api: APIService
        let openOffice: Value, closedOffice: Value, vault: Value, person: Value
    }

    func eachDatabase(_ body: (String, Seeded) async throws -> Void) async throws {
        let site = try TestSite.make()
        for (name, db, cleanup) in try await TestDatabases.fresh() {
            do {
                let s = RecordStore(site: site, db: db)
                try await db.write { c in try SchemaMigrator(site: site).migrate(c) }
                let a = TestSite.admin
                _ = try await s.insert(site.tables["geo.Countries"]!, values: ["code": "BE", "name": ["en": "Belgium"]], user: a)
                let offices = site.tables["test.Offices"]!
                let open = try await s.insert(offices, values: ["name": "Front desk"], user: a)
                let closed = try await s.insert(offices, values: ["name": "Inspection", "restricted": true], user: a)
                let vault = try await s.insert(site.tables["test.Vaults"]!, values: ["name": "Archive vault"], user: a)
                let person = try await s.insert(site.tables["test.PersonReferences"]!, values: [
                    "first_name": "Anna", "last_name": "Zander", "office": RowEncoder.wire(closed), "vault": RowEncoder.wire(vault),
                ], user: a)
                _ = try await s.insert(site.tables["test.PersonReferences"]!, values: [
                    "first_name": "Bert", "last_name": "Alt", "office": RowEncoder.wire(open),
                ], user: a)
                try await body(name, Seeded(store: s, api: APIService(site: site, store: s), openOffice: open, closedOffice: closed, vault: vault, person: person))
            } catch {
                XCTFail("[\(name)] \(error)")
            }
            await cleanup()
        }
    }

    func testChoicesObeyTheTargetTablesRolesAndRowFilter() async throws {
        try await eachDatabase { db, s in
            let t = s.store.site.tables["test.PersonReferences"]!
            do {
                _ = try await s.store.choices(t, field: "vault", search: "", context: [:], offset: 0, limit: 10, user: TestSite.clerkUser)
                XCTFail("a clerk listed the vaults [\(db)]")
            } catch LinoError.forbidden {}
            let vaults = try await s.store.choices(t, field: "vault", search: "", context: [:], offset: 0, limit: 10, user: TestSite.admin)
            XCTAssertEqual(vaults.rows.map(\.text), ["Archive vault"], db)
            let clerkOffices = try await s.store.choices(t, field: "office", search: "", context: [:], offset: 0, limit: 10, user: TestSite.clerkUser)
            XCTAssertEqual(clerkOffices.rows.map(\.text), ["Front desk"], "the restricted office is not offered [\(db)]")
            XCTAssertEqual(clerkOffices.total, 1, db)
            let adminOffices = try await s.store.choices(t, field: "office", search: "", context: [:], offset: 0, limit: 10, user: TestSite.admin)
            XCTAssertEqual(adminOffices.rows.map(\.text), ["Front desk", "Inspection"], db)
        }
    }

    func testForeignKeyTextsOfUnseenRecordsAreHidden() async throws {
        try await eachDatabase { db, s in
            let clerkRows = try await s.api.rows("test.PersonReferences", query: ["sort": "name"], user: TestSite.clerkUser)
            let anna = try XCTUnwrap(clerkRows["rows"]?.arrayValue?.first { $0["name"] == "Zander Anna" })
            XCTAssertEqual(anna["office"]?["text"], "(hidden)", "a restricted office [\(db)]")
            XCTAssertEqual(anna["vault"]?["text"], "(hidden)", "a table the clerk may not see [\(db)]")
            let bert = try XCTUnwrap(clerkRows["rows"]?.arrayValue?.first { $0["name"] == "Alt Bert" })
            XCTAssertEqual(bert["office"]?["text"], "Front desk", db)
            XCTAssertFalse(clerkRows.serialized().contains("Inspection"), db)
            XCTAssertFalse(clerkRows.serialized().contains("Archive vault"), db)
            let detail = try await s.api.row("test.PersonReferences", id: "\(s.person.intValue!)", query: [:], user: TestSite.clerkUser)
            XCTAssertEqual(detail["row"]?["office"]?["text"], "(hidden)", db)
            let adminDetail = try await s.api.row("test.PersonReferences", id: "\(s.person.intValue!)", query: [:], user: TestSite.admin)
            XCTAssertEqual(adminDetail["row"]?["office"]?["text"], "Inspection", db)
            XCTAssertEqual(adminDetail["row"]?["vault"]?["text"], "Archive vault", db)
        }
    }

    func testFiltersAndSortsAcceptOnlyShownFields() async throws {
        try await eachDatabase { db, s in
            let probe = #"[{"field":"secret","op":"contains","value":"x"}]"#
            do {
                _ = try await s.api.rows("test.PersonReferences", query: ["filter": probe], user: TestSite.admin)
                XCTFail("filtered by a field the table does not show [\(db)]")
            } catch LinoError.badRequest(let m) { XCTAssertTrue(m.contains("secret"), m) }
            do {
                _ = try await s.api.rows("test.PersonReferences", query: ["sort": "secret"], user: TestSite.admin)
                XCTFail("sorted by a field the table does not show [\(db)]")
            } catch LinoError.badRequest {}
            // A shown field still filters and sorts.
            let shown = #"[{"field":"name","op":"contains","value":"zand"}]"#
            let a = try await s.api.rows("test.PersonReferences", query: ["filter": shown, "sort": "-name"], user: TestSite.admin)
            XCTAssertEqual(a["total"]?.intValue, 1, db)
        }
    }

    func testMasterRecordMustBeVisible() async throws {
        try await eachDatabase { db, s in
            let closed = "\(s.closedOffice.intValue!)", open = "\(s.openOffice.intValue!)"
            do {
                _ = try await s.api.rows("test.PersonsByOffice", query: ["mk": closed], user: TestSite.clerkUser)
                XCTFail("a clerk read the persons of a restricted office [\(db)]")
            } catch LinoError.notFound {}
            let visible = try await s.api.rows("test.PersonsByOffice", query: ["mk": open], user: TestSite.clerkUser)
            XCTAssertEqual(visible["total"]?.intValue, 1, db)
            let admin = try await s.api.rows("test.PersonsByOffice", query: ["mk": closed], user: TestSite.admin)
            XCTAssertEqual(admin["total"]?.intValue, 1, db)
            do {
                _ = try await s.api.create("test.PersonsByOffice", body: ["values": ["first_name": "X", "last_name": "Y"]],
                                           query: ["mk": closed], user: TestSite.clerkUser)
                XCTFail("a clerk added a person to a restricted office [\(db)]")
            } catch LinoError.notFound {}
        }
    }

    func testLearningComboValidatesLikeAnInsert() async throws {
        try await eachDatabase { db, s in
            let t = s.store.site.tables["test.Persons"]!
            let huge = String(repeating: "x", count: 900_000)
            do {
                _ = try await s.store.createChoice(t, field: "city", text: huge, context: ["country": "BE"], user: TestSite.admin)
                XCTFail("a 900 KB place name was accepted [\(db)]")
            } catch LinoError.validation(_, let fields) {
                XCTAssertNotNil(fields["city"], "the error names the combo's field [\(db)]")
            }
            do {
                _ = try await s.store.createChoice(t, field: "city", text: "Nowhere", context: ["country": "XX"], user: TestSite.admin)
                XCTFail("a place in an unknown country was accepted [\(db)]")
            } catch LinoError.validation {}
            let count = try await s.store.db.read { c in try c.scalar("SELECT count(*) FROM geo_place").intValue }
            XCTAssertEqual(count, 0, "nothing was written [\(db)]")
        }
    }
}
