import Foundation
@testable import Lino
import Welfare
import XCTest

/// The two ways the framework answers a page faster than the general query must
/// give exactly the general query's rows: a quick search answered from the search
/// index and the keys it carries, and a related-row filter ("coached by me") tested
/// along the sort order when most rows meet it. On SQLite and PostgreSQL.
final class QueryPlanTests: XCTestCase {
    func eachServer(_ body: (String, TestServer) async throws -> Void) async throws {
        for (name, server) in try await TestServer.all(persons: 80, clients: 63) {
            do { try await body(name, server) } catch { XCTFail("[\(name)] \(error)") }
            await server.stop()
        }
    }

    func ids(_ a: TestClient.Answer) -> [Int64] { (a.json?["rows"]?.arrayValue ?? []).compactMap { $0["id"]?.intValue } }

    func login(_ s: TestServer, _ user: String) async throws -> TestClient {
        let c = s.client()
        let a = try await c.login(user)
        XCTAssertEqual(a.status, 200, a.text)
        return c
    }

    func testAQuickSearchFromTheIndexKeysGivesTheRowsOfTheGeneralQuery() async throws {
        try await eachServer { db, s in
            let robin = try await login(s, "robin")
            // "obsolete or not" filters nothing, but the index does not carry it: the request
            // takes the general query.
            let general = "&filter=" + "[{\"field\":\"is_obsolete\",\"op\":\"in\",\"values\":[false,true]}]"
                .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            for (table, word) in [("pcsw.Clients", "er"), ("pcsw.Clients", "ann"), ("contacts.Persons", "mar"), ("contacts.Partners", "de")] {
                for sort in ["name", "-name"] {
                    let fast = try await robin.get("/api/tables/\(table)/rows?limit=500&sort=\(sort)&q=\(word)")
                    let slow = try await robin.get("/api/tables/\(table)/rows?limit=500&sort=\(sort)&q=\(word)\(general)")
                    XCTAssertEqual(fast.status, 200, fast.text)
                    XCTAssertEqual(slow.status, 200, slow.text)
                    XCTAssertFalse(ids(fast).isEmpty, "\(table) q=\(word) finds rows [\(db)]")
                    XCTAssertEqual(ids(fast), ids(slow), "\(table) q=\(word) sort=\(sort) [\(db)]")
                    XCTAssertEqual(fast.json?["total"], slow.json?["total"], "\(table) q=\(word) [\(db)]")
                    // Small pages of a dense search walk the keys in sort order (SQLite); any page
                    // must be the general query's.
                    for offset in [0, 2, 7] {
                        let page = try await robin.get("/api/tables/\(table)/rows?limit=3&offset=\(offset)&sort=\(sort)&q=\(word)")
                        XCTAssertEqual(ids(page), Array(ids(slow).dropFirst(offset).prefix(3)), "a page of it at \(offset) [\(db)]")
                        XCTAssertEqual(page.json?["total"], slow.json?["total"], "\(table) q=\(word) [\(db)]")
                    }
                }
            }
        }
    }

    func testAPlainPageFromTheIndexKeysGivesTheRowsOfTheGeneralQuery() async throws {
        try await eachServer { db, s in
            let robin = try await login(s, "robin")
            // "obsolete or not" filters nothing, but the keys do not carry it: the general query.
            let general = "&filter=" + "[{\"field\":\"is_obsolete\",\"op\":\"in\",\"values\":[false,true]}]"
                .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            for table in ["pcsw.Clients", "contacts.Persons", "contacts.Partners", "contacts.Companies"] {
                for sort in ["name", "-name"] {
                    let slow = try await robin.get("/api/tables/\(table)/rows?limit=1000&sort=\(sort)\(general)")
                    XCTAssertEqual(slow.status, 200, slow.text)
                    XCTAssertFalse(ids(slow).isEmpty, "\(table) [\(db)]")
                    // Small pages walk the keys when most rows are of the table (SQLite).
                    for offset in [0, 2, 7, max(0, ids(slow).count - 2)] {
                        let page = try await robin.get("/api/tables/\(table)/rows?limit=3&offset=\(offset)&sort=\(sort)")
                        XCTAssertEqual(ids(page), Array(ids(slow).dropFirst(offset).prefix(3)), "\(table) sort=\(sort) at \(offset) [\(db)]")
                        XCTAssertEqual(page.json?["total"], slow.json?["total"], "\(table) [\(db)]")
                    }
                }
            }
            // An obsolete client and a renamed one move in the keys as in the records.
            let firstTwo = try await robin.get("/api/tables/pcsw.Clients/rows?limit=2&sort=name")
            let first = try XCTUnwrap(firstTwo.json?["rows"]?.arrayValue)
            let changes: [JSON] = [["is_obsolete": true], ["last_name": "Zzyzx"]]
            for (row, values) in zip(first, changes) {
                let a = try await robin.send("PUT", "/api/tables/pcsw.Clients/rows/\(row["id"]!.intValue!)",
                                             json: ["version": row["version"]!, "values": values])
                XCTAssertEqual(a.status, 200, a.text)
            }
            let head = try await robin.get("/api/tables/pcsw.Clients/rows?limit=3&sort=name")
            let tail = try await robin.get("/api/tables/pcsw.Clients/rows?limit=1&sort=-name")
            XCTAssertFalse(ids(head).contains(first[0]["id"]!.intValue!), "obsolete: not shown [\(db)]")
            XCTAssertFalse(ids(head).contains(first[1]["id"]!.intValue!), "renamed: no longer first [\(db)]")
            XCTAssertEqual(ids(tail), [first[1]["id"]!.intValue!], "renamed: last [\(db)]")
        }
    }

    func testOnlyConditionsTheKeysCarryAreAnsweredFromThem() throws {
        let site = try WelfareSite.make(localesDirectory: TestServer.locales)
        let clients: ModelInfo = try XCTUnwrap(site.models["pcsw.Client"])
        let byName = SortKey.parse("name")
        XCTAssertNotNil(try IndexedSearch.keysWalk(site: site, info: clients, language: "en", dialect: .sqlite, conditions: [.equals("is_obsolete", .bool(false))], keys: byName))
        XCTAssertNil(try IndexedSearch.keysWalk(site: site, info: clients, language: "en", dialect: .sqlite, conditions: [.equals("is_obsolete", .bool(false))],
                                            keys: SortKey.parse("birth_date")), "another order")
        XCTAssertNil(try IndexedSearch.keysWalk(site: site, info: clients, language: "en", dialect: .sqlite, conditions: [.equals("client_state", .text("30"))], keys: byName),
                     "a field the keys do not carry")
        let coached = Condition.exists(model: "coachings.Coaching", link: "client", where: .equals("user", .int(1)))
        let walk = try XCTUnwrap(try IndexedSearch.keysWalk(site: site, info: clients, language: "en", dialect: .sqlite,
                                                            conditions: [coached], keys: byName), "related rows are tested along the walk")
        XCTAssertTrue(walk.sql.contains("EXISTS"), walk.sql)
        XCTAssertNil(try IndexedSearch.keysWalk(site: site, info: clients, language: "en", dialect: .postgres, conditions: [], keys: byName), "SQLite only")
    }

    func testASearchPageWalksTheSortedKeysOnlyWhenManyRowsMatch() {
        // 'aerts' among 100 000 partners: 800 matches; the first page meets about 3 000 keys.
        XCTAssertTrue(IndexedSearch.walkIsCheaper(total: 800, seen: 25, keys: 100_000))
        XCTAssertFalse(IndexedSearch.walkIsCheaper(total: 800, seen: 2_000, keys: 100_000), "a far page: look the matches up")
        XCTAssertFalse(IndexedSearch.walkIsCheaper(total: 5, seen: 25, keys: 100_000), "a rare word: the walk would read every key")
        XCTAssertFalse(IndexedSearch.walkIsCheaper(total: 0, seen: 25, keys: 100_000))
    }

    func testTheIndexKeysFollowRenamesObsoleteFlagsAndKinds() async throws {
        try await eachServer { db, s in
            let robin = try await login(s, "robin")
            let firstPage = try await robin.get("/api/tables/pcsw.Clients/rows?limit=1&sort=id")
            let first = try XCTUnwrap(firstPage.json?["rows"]?[0])
            let id = try XCTUnwrap(first["id"]?.intValue)
            var a = try await robin.send("PUT", "/api/tables/pcsw.Clients/rows/\(id)",
                                         json: ["version": first["version"]!, "values": ["last_name": "Zyxwabc"]])
            XCTAssertEqual(a.status, 200, a.text)
            a = try await robin.get("/api/tables/pcsw.Clients/rows?limit=5&q=zyxwabc")
            XCTAssertEqual(ids(a), [id], "found by the new name [\(db)]")
            a = try await robin.send("PUT", "/api/tables/pcsw.Clients/rows/\(id)",
                                     json: ["version": a.json!["rows"]![0]!["version"]!, "values": ["is_obsolete": true]])
            XCTAssertEqual(a.status, 200, a.text)
            a = try await robin.get("/api/tables/pcsw.Clients/rows?limit=5&q=zyxwabc")
            XCTAssertEqual(ids(a), [], "an obsolete client is not shown by default [\(db)]")
            XCTAssertEqual(a.json?["total"], 0, db)
            a = try await robin.get("/api/tables/pcsw.Clients/rows?limit=5&q=zyxwabc&p.also_obsolete=true")
            XCTAssertEqual(ids(a), [id], "unless asked [\(db)]")
            // A person who is not a client is found among persons, not among clients.
            let person = try await robin.send("POST", "/api/tables/contacts.Persons/rows",
                                              json: ["values": ["first_name": "Quirin", "last_name": "Zyxwabd"], "confirmed": true])
            let pid = try XCTUnwrap(person.json?["row"]?["id"]?.intValue, person.text)
            let asPerson = try await robin.get("/api/tables/contacts.Persons/rows?limit=5&q=zyxwabd")
            let asClient = try await robin.get("/api/tables/pcsw.Clients/rows?limit=5&q=zyxwabd")
            XCTAssertEqual(ids(asPerson), [pid], db)
            XCTAssertEqual(ids(asClient), [], db)
            // A deleted person leaves no key behind.
            a = try await robin.send("DELETE", "/api/tables/contacts.Persons/rows/\(pid)")
            XCTAssertEqual(a.status, 200, a.text)
            let gone = try await robin.get("/api/tables/contacts.Persons/rows?limit=5&q=zyxwabd")
            XCTAssertEqual(ids(gone), [], db)
        }
    }

    func testMyClientsAreTheSameWhetherTheCoachingsDriveOrAreProbed() async throws {
        try await eachServer { db, s in
            // Alicia coaches every client: a page of her clients is then read along the
            // name order (probing her coachings), a page deep down by her coachings.
            try await s.store.write(as: .system(reason: "test: a coach of everyone")) { w in
                let alicia = try XCTUnwrap(try w.first("users.User", where: [.equals("username", .text("alicia"))])?.id)
                let coached = Set(try w.rows("coachings.Coaching", where: [.equals("user", alicia)], fields: ["client"]).map { $0["client"] })
                for client in try w.ids("pcsw.Client") where !coached.contains(client) {
                    try w.insert("coachings.Coaching", ["client": client, "user": alicia, "start_date": .text("2020-01-01")])
                }
            }
            let alicia = try await login(s, "alicia")
            let all = try await alicia.get("/api/tables/pcsw.MyClients/rows?limit=1000")
            XCTAssertEqual(all.status, 200, all.text)
            let expected = ids(all)
            XCTAssertGreaterThan(expected.count, 50, db)
            var paged: [Int64] = []
            for offset in stride(from: 0, to: expected.count, by: 3) {
                let page = try await alicia.get("/api/tables/pcsw.MyClients/rows?limit=3&offset=\(offset)")
                paged += ids(page)
            }
            XCTAssertEqual(paged, expected, "pages in order, none twice, none missing [\(db)]")
            let reversed = try await alicia.get("/api/tables/pcsw.MyClients/rows?limit=3&sort=-name")
            let allReversed = try await alicia.get("/api/tables/pcsw.MyClients/rows?limit=1000&sort=-name")
            XCTAssertEqual(ids(reversed), Array(ids(allReversed).prefix(3)), db)
            // The detail's navigation agrees with the grid.
            let third = expected[2]
            let nav = try await alicia.get("/api/tables/pcsw.MyClients/rows/\(third)?index=2")
            XCTAssertEqual(nav.json?["navigation"]?["prev"]?.intValue, expected[1], "\(nav.text) [\(db)]")
            XCTAssertEqual(nav.json?["navigation"]?["next"]?.intValue, expected[3], db)
            XCTAssertEqual(nav.json?["navigation"]?["last"]?.intValue, expected.last, db)
        }
    }

    func testAnIndexMadeBeforeItsKeysGetsThemFromTheRecords() async throws {
        try await eachServer { db, s in
            let robin = try await login(s, "robin")
            let before = try await robin.get("/api/tables/pcsw.Clients/rows?limit=100&q=er")
            try await s.store.db.write { [site = s.store.site] c in
                // What a database of the previous release has: documents, no keys.
                if c.dialect == .sqlite {
                    try c.executeScript("DROP TABLE contacts_partner_search_keys")
                } else {
                    try c.executeScript("ALTER TABLE contacts_partner_search DROP COLUMN sortkey, DROP COLUMN kinds, DROP COLUMN is_obsolete")
                }
                try SchemaMigrator(site: site).migrate(c)
            }
            let after = try await robin.get("/api/tables/pcsw.Clients/rows?limit=100&q=er")
            XCTAssertEqual(after.status, 200, after.text)
            XCTAssertFalse(ids(before).isEmpty, db)
            XCTAssertEqual(ids(after), ids(before), db)
        }
    }
}
