import Foundation
import XCTest
@testable import Lino

/// The store and the record service, on SQLite and on PostgreSQL.
final class RecordStoreTests: XCTestCase {
    /// Runs `body` once per database kind with a migrated store holding a few rows.
    func eachDatabase(_ body: (String, RecordStore) async throws -> Void) async throws {
        let site = try TestSite.make()
        for (name, db, cleanup) in try await TestDatabases.fresh() {
            do {
                let store = RecordStore(site: site, db: db)
                try await db.write { c in try SchemaMigrator(site: site).migrate(c) }
                try await seed(store)
                try await body(name, store)
            } catch {
                await cleanup()
                XCTFail("[\(name)] \(error)")
                throw error
            }
            await cleanup()
        }
    }

    func seed(_ s: RecordStore) async throws {
        let countries = s.site.tables["geo.Countries"]!, places = s.site.tables["geo.Places"]!, persons = s.site.tables["test.Persons"]!
        let a = TestSite.admin
        _ = try await s.insert(countries, values: ["code": "BE", "name": ["en": "Belgium", "fr": "Belgique", "de": "Belgien"]], user: a)
        _ = try await s.insert(countries, values: ["code": "DE", "name": ["en": "Germany", "fr": "Allemagne", "de": "Deutschland"]], user: a)
        let eupen = try await s.insert(places, values: ["name": "Eupen", "country": "BE"], user: a)
        for (first, last, birth) in [("Anna", "Zander", "1980-05-01"), ("Bert", "Alt", "1975-00-00"), ("Cora", "Mertens", "1990-12-31"), ("Dirk", "Mertens", "2001-02-03")] {
            _ = try await s.insert(persons, values: ["first_name": .string(first), "last_name": .string(last), "birth_date": .string(birth),
                                                     "country": "BE", "city": RowEncoder.wire(eupen), "street": "Rue de l'Église"], user: a)
        }
    }

    func names(_ rows: [FetchedRow]) -> [String] { rows.map { $0.values["name"]?.stringValue ?? "" } }

    func testGridSortsSearchesFiltersAndCounts() async throws {
        try await eachDatabase { db, s in
            let t = s.site.tables["test.Persons"]!
            var r = RowsRequest()
            r.limit = 2
            var (rows, total) = try await s.rows(t, r, fields: ["name", "city"], user: TestSite.clerkUser)
            XCTAssertEqual(total, 4, db)
            XCTAssertEqual(names(rows), ["Alt Bert", "Mertens Cora"], db)
            XCTAssertEqual(rows[0].foreignTitles["city"], "Eupen", db)
            r.sort = SortKey.parse("-last_name,first_name")
            (rows, _) = try await s.rows(t, r, fields: ["name"], user: TestSite.clerkUser)
            XCTAssertEqual(names(rows), ["Zander Anna", "Mertens Cora"], db)
            r = RowsRequest()
            r.search = "mert dir"
            (rows, total) = try await s.rows(t, r, fields: ["name"], user: TestSite.clerkUser)
            XCTAssertEqual(names(rows), ["Mertens Dirk"], db)
            XCTAssertEqual(total, 1, db)
            r.search = "DIRK me"  // a word of 3+ letters (index phrase) and a shorter one (LIKE)
            (rows, total) = try await s.rows(t, r, fields: ["name"], user: TestSite.clerkUser)
            XCTAssertEqual(names(rows), ["Mertens Dirk"], db)
            XCTAssertEqual(total, 1, db)
            r = RowsRequest()
            r.search = "ÉGLISE"  // words match any search field, case-insensitively
            (_, total) = try await s.rows(t, r, fields: ["name"], user: TestSite.clerkUser)
            XCTAssertEqual(total, 4, db)
            r = RowsRequest()
            r.filters = [.and([.atLeast("birth_date", "1980-01-01"), .atMost("birth_date", "1999-12-31")])]
            (rows, _) = try await s.rows(t, r, fields: ["name"], user: TestSite.clerkUser)
            XCTAssertEqual(names(rows), ["Mertens Cora", "Zander Anna"], db)
            r = RowsRequest()
            r.search = "100%_"
            (_, total) = try await s.rows(t, r, fields: ["name"], user: TestSite.clerkUser)
            XCTAssertEqual(total, 0, "LIKE wildcards in the search are literal [\(db)]")
        }
    }

    func testNavigationFollowsSortAndFilter() async throws {
        try await eachDatabase { db, s in
            let t = s.site.tables["test.Persons"]!
            var r = RowsRequest()
            r.sort = SortKey.parse("last_name,-first_name")
            let (rows, _) = try await s.rows(t, r, fields: ["name"], user: TestSite.clerkUser)
            XCTAssertEqual(names(rows), ["Alt Bert", "Mertens Dirk", "Mertens Cora", "Zander Anna"], db)
            let ids = rows.map { $0.values["id"]! }
            let nav = try await s.navigation(t, id: ids[2], r, user: TestSite.clerkUser)
            XCTAssertEqual(nav.index, 3, db)
            XCTAssertEqual(nav.prev, ids[1], db)
            XCTAssertEqual(nav.next, ids[3], db)
            XCTAssertEqual(nav.first, ids[0], db)
            XCTAssertEqual(nav.last, ids[3], db)
            r.indexHint = 0  // a wrong hint is corrected
            let nav0 = try await s.navigation(t, id: ids[0], r, user: TestSite.clerkUser)
            XCTAssertEqual(nav0.index, 1, db)
            XCTAssertNil(nav0.prev, db)
            XCTAssertEqual(nav0.next, ids[1], db)
        }
    }

    func testStaleUpdateIsRefusedAndNothingIsOverwritten() async throws {
        try await eachDatabase { db, s in
            let t = s.site.tables["test.Persons"]!
            let row = try await s.rows(t, RowsRequest(), fields: ["name"], user: TestSite.clerkUser).rows[0]
            let id = row.values["id"]!, version = row.values["version"]!.intValue!
            try await s.update(t, id: id, version: version, values: ["first_name": "Bertram"], user: TestSite.clerkUser)
            do {
                try await s.update(t, id: id, version: version, values: ["first_name": "Lost"], user: TestSite.clerkUser)
                XCTFail("stale update accepted [\(db)]")
            } catch LinoError.conflict {}
            let now = try await s.record(t, id: id, fields: ["first_name", "name"], user: TestSite.clerkUser)
            XCTAssertEqual(now.values["first_name"], "Bertram", db)
            XCTAssertEqual(now.values["name"], "Alt Bertram", "derived column recomputed [\(db)]")
            XCTAssertEqual(now.values["version"]?.intValue, version + 1, db)
        }
    }

    func testValidationNamesEachFieldAndWritesNothing() async throws {
        try await eachDatabase { db, s in
            let t = s.site.tables["test.Persons"]!
            do {
                _ = try await s.insert(t, values: ["first_name": "X", "birth_date": "1985-13-01", "email": "nope", "city": 999], user: TestSite.clerkUser)
                XCTFail("invalid insert accepted [\(db)]")
            } catch LinoError.validation(_, let fields) {
                // Bad values and the record's own rules are reported together, in one answer.
                XCTAssertEqual(Set(fields.keys), ["birth_date", "email", "last_name", "city"], db)
            }
            do {
                _ = try await s.insert(t, values: ["first_name": "X", "city": 999], user: TestSite.clerkUser)
                XCTFail("invalid insert accepted [\(db)]")
            } catch LinoError.validation(_, let fields) {
                XCTAssertEqual(Set(fields.keys), ["last_name", "city"], db)
            }
            let (_, total) = try await s.rows(t, RowsRequest(), fields: ["name"], user: TestSite.clerkUser)
            XCTAssertEqual(total, 4, "nothing half-written [\(db)]")
            _ = try await s.insert(t, values: ["first_name": "U", "last_name": "One", "code": "A1"], user: TestSite.clerkUser)
            do {
                _ = try await s.insert(t, values: ["first_name": "U", "last_name": "Two", "code": "A1"], user: TestSite.clerkUser)
                XCTFail("duplicate unique value accepted [\(db)]")
            } catch LinoError.validation(_, let fields) {
                XCTAssertNotNil(fields["code"], db)
            }
        }
    }

    func testDecimalsAreExactAndHostileTextIsStoredVerbatim() async throws {
        try await eachDatabase { db, s in
            let persons = s.site.tables["test.Persons"]!, notes = s.site.tables["test.NotesByPerson"]!
            let pid = try await s.rows(persons, RowsRequest(), fields: [], user: TestSite.clerkUser).rows[0].values["id"]!
            let hostile = "Robert'); DROP TABLE test_person;-- <script>alert(1)</script> \"quoted\""
            let nid = try await s.insert(notes, values: ["subject": .string(hostile), "amount": "1234567.89", "body": "<p onclick=x>Hi<script>bad()</script></p>"],
                                         masterID: pid, user: TestSite.clerkUser)
            let n = try await s.record(notes, id: nid, fields: ["subject", "amount", "body", "state"], user: TestSite.clerkUser)
            XCTAssertEqual(n.values["subject"]?.stringValue, hostile, db)
            XCTAssertEqual(n.values["amount"], .decimal(Decimal(string: "1234567.89")!), db)
            XCTAssertEqual(n.values["body"]?.stringValue, "<p>Hi</p>", "rich text sanitised [\(db)]")
            XCTAssertEqual(n.values["state"], "10", "default applied [\(db)]")
            do {
                _ = try await s.insert(notes, values: ["subject": "x", "amount": "1.234"], masterID: pid, user: TestSite.clerkUser)
                XCTFail("too many decimals accepted [\(db)]")
            } catch LinoError.validation(_, let fields) { XCTAssertNotNil(fields["amount"], db) }
            do {
                _ = try await s.insert(notes, values: ["subject": "x", "amount": "-1"], masterID: pid, user: TestSite.clerkUser)
                XCTFail("model rule ignored [\(db)]")
            } catch LinoError.validation(_, let fields) { XCTAssertEqual(fields["amount"], "The amount cannot be negative.", db) }
        }
    }

    func testDeleteIsVetoedWhileReferencedAndRemovesTheWholeFamily() async throws {
        try await eachDatabase { db, s in
            let countries = s.site.tables["geo.Countries"]!, persons = s.site.tables["test.Persons"]!
            let partners = s.site.tables["test.Partners"]!, notes = s.site.tables["test.NotesByPerson"]!
            do {
                try await s.delete(countries, id: "BE", user: TestSite.admin)
                XCTFail("delete of a used country accepted [\(db)]")
            } catch LinoError.veto(let m) {
                XCTAssertTrue(m.contains("Belgium"), m)
            }
            try await s.delete(countries, id: "DE", user: TestSite.admin)
            let pid = try await s.rows(persons, RowsRequest(), fields: [], user: TestSite.clerkUser).rows[0].values["id"]!
            _ = try await s.insert(notes, values: ["subject": "n"], masterID: pid, user: TestSite.clerkUser)
            do {
                try await s.delete(partners, id: pid, user: TestSite.clerkUser)
                XCTFail("delete of a person with notes accepted [\(db)]")
            } catch LinoError.veto {}
            let other = try await s.rows(persons, RowsRequest(), fields: [], user: TestSite.clerkUser).rows[1].values["id"]!
            try await s.delete(partners, id: other, user: TestSite.clerkUser)  // deleted as a partner: the person row goes too
            let left = try await s.rows(persons, RowsRequest(), fields: [], user: TestSite.clerkUser).total
            XCTAssertEqual(left, 3, db)
        }
    }

    func testPermissionsAreCheckedByTheStore() async throws {
        try await eachDatabase { db, s in
            do {
                _ = try s.table("test.Notes", for: TestSite.clerkUser)
                XCTFail("clerk opened a staff table [\(db)]")
            } catch LinoError.forbidden {}
            do {
                _ = try await s.insert(s.site.tables["geo.Countries"]!, values: ["code": "FR", "name": "France"], user: TestSite.clerkUser)
                XCTFail("clerk edited countries [\(db)]")
            } catch LinoError.forbidden {}
        }
    }

    func testWorkflowTransitionsCheckStateAndRoles() async throws {
        try await eachDatabase { db, s in
            let persons = s.site.tables["test.Persons"]!, notes = s.site.tables["test.NotesByPerson"]!
            let pid = try await s.rows(persons, RowsRequest(), fields: [], user: TestSite.clerkUser).rows[0].values["id"]!
            let nid = try await s.insert(notes, values: ["subject": "wf"], masterID: pid, user: TestSite.clerkUser)
            let wf = notes.table.workflow!
            do {
                _ = try await s.transition(notes, wf.transitions[1], workflow: wf, id: nid, user: TestSite.clerkUser)
                XCTFail("clerk cancelled without the staff role [\(db)]")
            } catch LinoError.forbidden {}
            _ = try await s.transition(notes, wf.transitions[0], workflow: wf, id: nid, user: TestSite.clerkUser)
            do {
                _ = try await s.transition(notes, wf.transitions[0], workflow: wf, id: nid, user: TestSite.clerkUser)
                XCTFail("registered twice [\(db)]")
            } catch LinoError.forbidden {}
            let n = try await s.record(notes, id: nid, fields: ["state"], user: TestSite.clerkUser)
            XCTAssertEqual(n.values["state"], "20", db)
        }
    }

    func testLearningComboCreatesAPlaceInTheChosenCountry() async throws {
        try await eachDatabase { db, s in
            let t = s.site.tables["test.Persons"]!
            // Creating a place needs the right to insert into the places table (the clerk has none).
            do {
                _ = try await s.createChoice(t, field: "city", text: "Clerkville", context: ["country": "BE"], user: TestSite.clerkUser)
                XCTFail("a clerk created a place [\(db)]")
            } catch LinoError.forbidden {}
            let created = try await s.createChoice(t, field: "city", text: " Kettenis ", context: ["country": "BE"], user: TestSite.admin)
            XCTAssertEqual(created.text, "Kettenis", db)
            let be = try await s.choices(t, field: "city", search: "ket", context: ["country": "BE"], offset: 0, limit: 10, user: TestSite.clerkUser)
            XCTAssertEqual(be.rows.map(\.text), ["Kettenis"], db)
            let de = try await s.choices(t, field: "city", search: "", context: ["country": "DE"], offset: 0, limit: 10, user: TestSite.clerkUser)
            XCTAssertEqual(de.total, 0, db)
        }
    }

    func testDumpAndLoadMoveEverythingBetweenDatabases() async throws {
        let site = try TestSite.make()
        let dbs = try await TestDatabases.fresh()
        defer { Task { for d in dbs { await d.cleanup() } } }
        let source = RecordStore(site: site, db: dbs[0].db)
        try await source.db.write { c in try SchemaMigrator(site: site).migrate(c) }
        try await seed(source)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dump-\(UUID().uuidString).jsonl")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        let written = try await DatabaseDump(site: site).dump(source.db, to: handle)
        try handle.close()
        for target in dbs {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let db: Database = target.name == "sqlite" ? try SQLiteDatabase(path: dir.appendingPathComponent("t.sqlite").path) : target.db
            if target.name == "postgres" { try await db.write { c in try c.executeScript("DROP SCHEMA public CASCADE; CREATE SCHEMA public") } }
            let store = RecordStore(site: site, db: db)
            try await db.write { c in try SchemaMigrator(site: site).migrate(c) }
            let loaded = try await DatabaseDump(site: site).load(store, from: file)
            XCTAssertEqual(loaded, written, target.name)
            var r = RowsRequest()
            r.search = "mertens"
            let (rows, total) = try await store.rows(site.tables["test.Persons"]!, r, fields: ["name", "birth_date", "city"], user: TestSite.clerkUser)
            XCTAssertEqual(total, 2, "search index rebuilt [\(target.name)]")
            XCTAssertEqual(rows[0].foreignTitles["city"], "Eupen", target.name)
            // New records continue after the loaded ids.
            let id = try await store.insert(site.tables["geo.Places"]!, values: ["name": "Raeren", "country": "BE"], user: TestSite.admin)
            XCTAssertGreaterThan(id.intValue ?? 0, 1, target.name)
        }
    }
}

extension RecordStoreTests {
    func testQuickSearchIgnoresCaseAndAccents() async throws {
        try await eachDatabase { db, s in
            let t = s.site.tables["test.Persons"]!
            for hostile in ["ab\"c", "\"", "a*", "NEAR(x y)", "x OR y", "%_"] {
                var r = RowsRequest()
                r.search = hostile
                let total = try await s.rows(t, r, fields: ["name"], user: TestSite.clerkUser).total
                XCTAssertEqual(total, 0, "\(hostile) is searched as text [\(db)]")
            }
            for word in ["eglise", "ÉGLISE", "l'égl", "de"] {
                var r = RowsRequest()
                r.search = word
                let total = try await s.rows(t, r, fields: ["name"], user: TestSite.clerkUser).total
                XCTAssertEqual(total, 4, "\(word) [\(db)]")
            }
            // After an update the document follows the new values.
            let row = try await s.rows(t, RowsRequest(), fields: ["name"], user: TestSite.clerkUser).rows[0]
            try await s.update(t, id: row.values["id"]!, version: row.values["version"]!.intValue, values: ["street": "Hauptstraße"], user: TestSite.clerkUser)
            var r = RowsRequest()
            r.search = "hauptstrasse"
            let found = try await s.rows(t, r, fields: ["name"], user: TestSite.clerkUser).total
            XCTAssertEqual(found, 1, db)
        }
    }
}

extension RecordStoreTests {
    func testNamesSortIgnoringCaseAndAccents() async throws {
        try await eachDatabase { db, s in
            let t = s.site.tables["test.Persons"]!
            for last in ["Ärzte", "azur", "Bauer", "Élan", "Zeller"] {
                _ = try await s.insert(t, values: ["first_name": "X", "last_name": .string(last)], user: TestSite.clerkUser)
            }
            var r = RowsRequest()
            r.sort = SortKey.parse("last_name")
            r.search = "x"  // only the five above have "x" in their name
            let rows = try await s.rows(t, r, fields: ["last_name"], user: TestSite.clerkUser).rows
            XCTAssertEqual(rows.map { $0.values["last_name"]?.stringValue ?? "" }, ["Ärzte", "azur", "Bauer", "Élan", "Zeller"], db)
            // Navigation agrees with the sorted grid.
            let nav = try await s.navigation(t, id: rows[3].values["id"]!, r, user: TestSite.clerkUser)
            XCTAssertEqual(nav.index, 4, db)
            XCTAssertEqual(nav.prev, rows[2].values["id"], db)
        }
    }
}
