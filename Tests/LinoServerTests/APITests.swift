import Foundation
import Lino
import XCTest

/// The JSON API over a real socket, on SQLite and on PostgreSQL.
final class APITests: XCTestCase {
    func eachServer(_ body: (String, TestServer) async throws -> Void) async throws {
        let servers = try await TestServer.all()
        for (name, server) in servers {
            do { try await body(name, server) } catch { XCTFail("[\(name)] \(error)") }
            await server.stop()
        }
    }

    func testLoginSessionAndCSRF() async throws {
        try await eachServer { db, s in
            let c = s.client()
            var a = try await c.get("/api/site")
            XCTAssertEqual(a.status, 401, db)
            XCTAssertEqual(a.error, "not_authenticated", db)
            a = try await c.login("robin", "wrong")
            XCTAssertEqual(a.status, 401, db)
            a = try await c.login("robin")
            XCTAssertEqual(a.status, 200, db)
            XCTAssertTrue(a.headers["set-cookie"]?.contains("HttpOnly") ?? false, db)
            XCTAssertTrue(a.headers["set-cookie"]?.contains("SameSite=Strict") ?? false, db)
            a = try await c.get("/auth/me")
            XCTAssertEqual(a.json?["user"]?["username"], "robin", db)
            a = try await c.send("POST", "/api/me/language", json: ["language": "fr"], csrf: false)
            XCTAssertEqual(a.status, 403, db)
            XCTAssertEqual(a.error, "csrf", db)
            a = try await c.send("POST", "/api/me/language", json: ["language": "fr"])
            XCTAssertEqual(a.status, 200, db)
            a = try await c.get("/api/site")
            XCTAssertEqual(a.json?["language"], "fr", db)
            XCTAssertEqual(a.json?["menu"]?.arrayValue?.first?["label"], "Contacts", db)
            let persons = try await c.get("/api/tables/contacts.Persons")
            XCTAssertEqual(persons.json?["label"], "Personnes", db)
            XCTAssertEqual(persons.json?["fields"]?["birth_date"]?["label"], "Date de naissance", db)
            try await c.send("POST", "/auth/logout")
            a = try await c.get("/api/site")
            XCTAssertEqual(a.status, 401, db)
        }
    }

    func testRepeatedFailedLoginsAreThrottled() async throws {
        try await eachServer { db, s in
            let c = s.client()
            for _ in 0..<5 { try await c.login("hubert", "nope") }
            let a = try await c.login("hubert")
            XCTAssertEqual(a.status, 429, db)
            XCTAssertEqual(a.error, "throttled", db)
            // Spraying one password over many names meets the per-address limit.
            for i in 0..<30 { try await c.login("nobody\(i)", "guess") }
            let b = try await c.login("robin")
            XCTAssertEqual(b.status, 429, db)
        }
    }

    func testMenuAndTablesFollowTheUserType() async throws {
        try await eachServer { db, s in
            let agent = s.client()
            try await agent.login("alicia")
            let site = try await agent.get("/api/site")
            let labels = site.json?["menu"]?.arrayValue?.compactMap { $0["label"]?.stringValue } ?? []
            // Domain section 3: an integration agent (100, French) has Contacts, Office, Calendar, PCSW, a little Configuration.
            XCTAssertEqual(labels, ["Contacts", "Bureau", "Calendrier", "CPAS", "Configuration", "Site"], "an integration agent has no Explorer [\(db)]")
            XCTAssertFalse(labels.contains("Explorateur") || labels.contains("Explorer"), db)
            let clerk = s.client()
            try await clerk.login("theresia")
            let users = try await clerk.get("/api/tables/users.AllUsers/rows")
            XCTAssertEqual(users.status, 403, db)
            let admin = s.client()
            try await admin.login("robin")
            let all = try await admin.get("/api/tables/users.AllUsers/rows")
            XCTAssertEqual(all.json?["total"]?.intValue, 11, db)
            XCTAssertNil(all.text.range(of: "$y$"), "no password hash leaves the server [\(db)]")
            let probe = #"[{"field":"password","op":"contains","value":"$y$"}]"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let filtered = try await admin.get("/api/tables/users.AllUsers/rows?filter=\(probe)")
            XCTAssertEqual(filtered.status, 400, "a hash cannot be probed with filters [\(db)]")
            let sorted = try await admin.get("/api/tables/users.AllUsers/rows?sort=password")
            XCTAssertEqual(sorted.status, 400, "nor with sorting [\(db)]")
            let mine = try await clerk.get("/api/tables/users.MySettings/rows")
            XCTAssertEqual(mine.json?["total"]?.intValue, 1, "only one's own settings [\(db)]")
        }
    }

    func testGridPagingSortSearchAndFilter() async throws {
        try await eachServer { db, s in
            let c = s.client()
            try await c.login("robin")
            var a = try await c.get("/api/tables/contacts.Persons/rows?limit=10&sort=name")
            let total = a.json?["total"]?.intValue ?? 0
            XCTAssertGreaterThan(total, 50, db)
            let names = a.json?["rows"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            XCTAssertEqual(names, names.sorted(), db)
            XCTAssertEqual(names.count, 10, db)
            let first = a.json!["rows"]!.arrayValue![0]
            XCTAssertNotNil(first["gender"]?["text"], "choices come as {id, text} [\(db)]")
            let last = names[0].split(separator: " ")[0]
            a = try await c.get("/api/tables/contacts.Persons/rows?q=\(last.lowercased())")
            let found = a.json?["rows"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            XCTAssertFalse(found.isEmpty, db)
            // The word may be in the name, the street or the e-mail (shown as address and email).
            let matches = a.json?["rows"]?.arrayValue?.filter { row in
                ["name", "address", "email"].contains { (row[$0]?.stringValue ?? "").range(of: last, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
            }
            XCTAssertEqual(matches?.count, found.count, "every row found contains \(last) [\(db)]")
            // Browsers write a space as "+" (URLSearchParams): two words, ANDed.
            let full = try XCTUnwrap(names.first).replacingOccurrences(of: " ", with: "+")
            a = try await c.get("/api/tables/contacts.Persons/rows?q=\(full.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)")
            XCTAssertGreaterThanOrEqual(a.json?["total"]?.intValue ?? 0, 1, "\(full) [\(db)]")
            let filter = #"[{"field":"gender","op":"in","values":["F"]}]"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            a = try await c.get("/api/tables/contacts.Persons/rows?limit=100&filter=\(filter)")
            let genders = Set(a.json?["rows"]?.arrayValue?.compactMap { $0["gender"]?["id"]?.stringValue } ?? [])
            XCTAssertEqual(genders, ["F"], db)
            // A percent-escaped UTF-8 word is decoded; a malformed escape is searched as typed.
            let accented = try XCTUnwrap(names.first { $0.unicodeScalars.contains { !$0.isASCII } } ?? names.first)
            let word = String(accented.split(separator: " ").last!)
            a = try await c.get("/api/tables/contacts.Persons/rows?q=\(word.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            XCTAssertGreaterThanOrEqual(a.json?["total"]?.intValue ?? 0, 1, "\(word) [\(db)]")
            a = try await c.get("/api/tables/contacts.Persons/rows?q=%zz%4")
            XCTAssertEqual(a.status, 200, db)
            XCTAssertEqual(a.json?["total"]?.intValue, 0, db)
            a = try await c.get("/api/tables/contacts.Persons/rows?sort=nosuchfield")
            XCTAssertEqual(a.status, 400, db)
            a = try await c.get("/api/tables/contacts.Persons/rows?filter=%5Bnot-json")
            XCTAssertEqual(a.status, 400, db)
            a = try await c.get("/api/tables/contacts.Persons/export.csv?q=\(last.lowercased())")
            XCTAssertEqual(a.status, 200, db)
            XCTAssertTrue(a.text.hasPrefix("\u{FEFF}Name;"), db)
        }
    }

    func testDetailEditSaveConflictAndValidation() async throws {
        try await eachServer { db, s in
            let c = s.client()
            try await c.login("robin")
            let page = try await c.get("/api/tables/contacts.Persons/rows?limit=3&sort=name")
            let id = page.json!["rows"]![0]!["id"]!.intValue!
            var a = try await c.get("/api/tables/contacts.Persons/rows/\(id)?sort=name&index=0")
            XCTAssertEqual(a.json?["navigation"]?["index"]?.intValue, 1, db)
            XCTAssertEqual(a.json?["navigation"]?["next"], page.json!["rows"]![1]!["id"], db)
            let version = a.json!["row"]!["version"]!.intValue!
            let hostile = "O'Brien <script>alert(1)</script> \"; DROP TABLE x;--"
            a = try await c.send("PUT", "/api/tables/contacts.Persons/rows/\(id)", json: ["version": .int(version), "values": ["remarks": .string(hostile), "first_name": "Zoë"]])
            XCTAssertEqual(a.status, 200, a.text)
            XCTAssertEqual(a.json?["row"]?["remarks"]?.stringValue, hostile, db)
            XCTAssertEqual(a.json?["row"]?["first_name"], "Zoë", db)
            a = try await c.send("PUT", "/api/tables/contacts.Persons/rows/\(id)", json: ["version": .int(version), "values": ["first_name": "Stale"]])
            XCTAssertEqual(a.status, 409, db)
            XCTAssertEqual(a.error, "conflict", db)
            XCTAssertEqual(a.json?["error"]?["current"]?["first_name"], "Zoë", "the answer carries the stored values [\(db)]")
            a = try await c.send("PUT", "/api/tables/contacts.Persons/rows/\(id)", json: ["version": .int(version + 1), "values": ["birth_date": "1985-02-30", "national_id": "85073003329"]])
            XCTAssertEqual(a.status, 422, db)
            XCTAssertNotNil(a.json?["error"]?["fields"]?["birth_date"], db)
            XCTAssertNotNil(a.json?["error"]?["fields"]?["national_id"], db)
            a = try await c.send("PUT", "/api/tables/contacts.Persons/rows/\(id)", raw: Data("{\"version\":".utf8))
            XCTAssertEqual(a.status, 400, db)
            a = try await c.send("PUT", "/api/tables/contacts.Persons/rows/\(id)", raw: Data(repeating: 0x20, count: 2 << 20))
            XCTAssertEqual(a.status, 413, db)
            a = try await c.get("/api/tables/contacts.Persons/rows/999999")
            XCTAssertEqual(a.status, 404, db)
            a = try await c.get("/api/tables/no.Such/rows")
            XCTAssertEqual(a.status, 404, db)
            a = try await c.get("/healthz")
            XCTAssertEqual(a.status, 200, "the server keeps serving [\(db)]")
        }
    }

    func testInsertWithANewPlaceAndDeleteVeto() async throws {
        try await eachServer { db, s in
            let c = s.client()
            try await c.login("robin")
            var a = try await c.send("POST", "/api/tables/contacts.Persons/choices/city", json: ["text": "Neudorf", "ctx": ["country": "BE"]])
            XCTAssertEqual(a.status, 201, a.text)
            let city = a.json!["id"]!
            a = try await c.get("/api/tables/contacts.Persons/choices/city?q=neud&ctx.country=BE")
            XCTAssertEqual(a.json?["rows"]?.arrayValue?.first?["text"], "Neudorf", db)
            a = try await c.send("POST", "/api/tables/contacts.Persons/rows", json: ["values": [
                "first_name": "Jean", "last_name": "Dupont", "gender": "M", "birth_date": "1985-07-30",
                "national_id": "850730 033-28", "country": "BE", "city": city]])
            XCTAssertEqual(a.status, 201, a.text)
            XCTAssertEqual(a.json?["row"]?["city"]?["text"], "Neudorf", db)
            XCTAssertEqual(a.json?["row"]?["name"], "Dupont Jean", db)
            a = try await c.send("POST", "/api/tables/contacts.Persons/rows", json: ["values": ["first_name": "Jean"]])
            XCTAssertEqual(a.status, 422, db)
            XCTAssertNotNil(a.json?["error"]?["fields"]?["last_name"], db)
            a = try await c.send("DELETE", "/api/tables/countries.Countries/rows/BE")
            XCTAssertEqual(a.status, 409, db)
            XCTAssertEqual(a.error, "veto", db)
            XCTAssertTrue(a.json?["error"]?["message"]?.stringValue?.contains("Belgium") ?? false, a.text)
            let clerk = s.client()
            try await clerk.login("alicia")
            a = try await clerk.send("DELETE", "/api/tables/countries.Countries/rows/FR")
            XCTAssertEqual(a.status, 403, "an integration agent may not edit countries [\(db)]")
        }
    }

    func testActAsNeedsAnAuthority() async throws {
        try await eachServer { db, s in
            let clerk = s.client()
            try await clerk.login("theresia")
            let users = try await s.store.db.read { c in
                try c.query("SELECT username, id FROM users_user", [], types: [.text, .int])
            }
            let ids = Dictionary(uniqueKeysWithValues: users.map { ($0[0].stringValue!, $0[1].intValue!) })
            let site = try await clerk.get("/api/site")
            XCTAssertEqual(site.json?["actAs"]?.arrayValue?.count, 3, "hubert, alicia and melanie let theresia work as them [\(db)]")
            var a = try await clerk.send("POST", "/auth/act-as", json: ["user": .int(ids["robin"]!)])
            XCTAssertEqual(a.status, 403, db)
            a = try await clerk.send("POST", "/auth/act-as", json: ["user": .int(ids["hubert"]!)])
            XCTAssertEqual(a.status, 200, db)
            a = try await clerk.get("/auth/me")
            XCTAssertEqual(a.json?["user"]?["username"], "hubert", db)
            XCTAssertEqual(a.json?["user"]?["realUserId"]?.intValue, ids["theresia"], db)
            // An administrator revoking the authority ends the acting at the next request.
            let admin = s.client()
            try await admin.login("robin")
            let authority = try await s.store.db.read { c in
                try c.scalar("SELECT id FROM users_authority WHERE \(c.dialect.quote("user")) = ? AND authorized = ?",
                             [.int(ids["hubert"]!), .int(ids["theresia"]!)]).intValue
            }
            a = try await admin.send("DELETE", "/api/tables/users.Authorities/rows/\(try XCTUnwrap(authority))")
            XCTAssertEqual(a.status, 200, "robin revokes the authority [\(db)]")
            a = try await clerk.get("/auth/me")
            XCTAssertEqual(a.json?["user"]?["username"], "theresia", db)
        }
    }

    func testMetadataIsCachedWithETag() async throws {
        try await eachServer { db, s in
            let c = s.client()
            try await c.login("robin")
            let a = try await c.get("/api/tables/contacts.Persons")
            let etag = try XCTUnwrap(a.headers["etag"])
            let b = try await c.send("GET", "/api/tables/contacts.Persons", headers: ["If-None-Match": etag])
            XCTAssertEqual(b.status, 304, db)
            let spec = try await c.get("/api/openapi.json")
            XCTAssertEqual(spec.json?["openapi"], "3.1.0", db)
        }
    }

    func testUsersChangeTheirOwnPassword() async throws {
        try await eachServer { db, s in
            let c = s.client()
            try await c.login("judith")
            var a = try await c.send("POST", "/api/me/password", json: ["current": "wrong", "new": "a-long-secret"])
            XCTAssertEqual(a.status, 422, db)
            XCTAssertNotNil(a.json?["error"]?["fields"]?["current"], db)
            a = try await c.send("POST", "/api/me/password", json: ["current": "1234", "new": "short"])
            XCTAssertNotNil(a.json?["error"]?["fields"]?["new"], db)
            a = try await c.send("POST", "/api/me/password", json: ["current": "1234", "new": "a-long-secret"])
            XCTAssertEqual(a.status, 200, db)
            let again = s.client()
            let old = try await again.login("judith")
            XCTAssertEqual(old.status, 401, db)
            let new = try await again.login("judith", "a-long-secret")
            XCTAssertEqual(new.status, 200, db)
        }
    }
}
