import Foundation
import Lino
import LinoServer
import XCTest

/// The hardening of logins, sessions and requests, over a real socket on SQLite and PostgreSQL.
/// Each test failed on the code before the hardening.
final class LoginHardeningTests: XCTestCase {
    func eachServer(directory: DirectorySettings? = nil, configure: @escaping @Sendable (inout ServerConfiguration) -> Void = { _ in },
                    _ body: (String, TestServer) async throws -> Void) async throws {
        let servers = try await TestServer.all(persons: 20, directory: directory, configure: configure)
        for (name, server) in servers {
            do { try await body(name, server) } catch { XCTFail("[\(name)] \(error)") }
            await server.stop()
        }
    }

    func userIDs(_ s: TestServer) async throws -> [String: Int64] {
        let users = try await s.store.db.read { c in try c.query("SELECT username, id FROM users_user", [], types: [.text, .int]) }
        return Dictionary(uniqueKeysWithValues: users.map { ($0[0].stringValue!, $0[1].intValue!) })
    }

    // 1. Behind a trusted proxy, failures count per (name, client address) and per client address.
    func testThrottleBehindATrustedProxyDoesNotLockOutTheRightfulUsers() async throws {
        try await eachServer(configure: { $0.trustedProxies = [AddressRange("127.0.0.0/8")!] }) { db, s in
            let c = s.client()
            func from(_ ip: String) -> [String: String] { ["X-Forwarded-For": ip] }
            for _ in 0..<5 { try await c.login("hubert", "nope", headers: from("10.0.0.1")) }
            var a = try await c.login("hubert", "nope", headers: from("10.0.0.1"))
            XCTAssertEqual(a.status, 429, "the pair is throttled [\(db)]")
            a = try await c.login("hubert", headers: from("10.0.0.1"))
            XCTAssertEqual(a.status, 429, "even with the right password from that address [\(db)]")
            a = try await c.login("hubert", headers: from("10.0.0.2"))
            XCTAssertEqual(a.status, 200, "the owner, elsewhere, is not locked out [\(db)]")
            // A success clears its pair: four failures, a success, four more are fine.
            for _ in 0..<4 { try await c.login("judith", "nope", headers: from("10.0.0.3")) }
            do { let answer = try await c.login("judith", headers: from("10.0.0.3")); XCTAssertEqual(answer.status, 200, db) }
            for _ in 0..<4 { try await c.login("judith", "nope", headers: from("10.0.0.3")) }
            do { let answer = try await c.login("judith", headers: from("10.0.0.3")); XCTAssertEqual(answer.status, 200, db) }
            // Spraying from one address meets the per-address limit there, and only there.
            for i in 0..<30 { try await c.login("nobody\(i)", "guess", headers: from("10.0.0.4")) }
            do { let answer = try await c.login("robin", headers: from("10.0.0.4")); XCTAssertEqual(answer.status, 429, db) }
            do { let answer = try await c.login("robin", headers: from("10.0.0.5")); XCTAssertEqual(answer.status, 200, db) }
            // A client cannot choose its address: what it writes left of the proxy's hop is not believed.
            a = try await c.login("robin", headers: from("10.0.0.9, 10.0.0.4"))
            XCTAssertEqual(a.status, 429, "the last untrusted hop counts [\(db)]")
        }
    }

    func testForwardedForIsIgnoredWithoutATrustedProxy() async throws {
        try await eachServer { db, s in
            let c = s.client()
            for i in 0..<5 { try await c.login("hubert", "nope", headers: ["X-Forwarded-For": "10.1.0.\(i)"]) }
            let a = try await c.login("hubert", headers: ["X-Forwarded-For": "10.2.0.1"])
            XCTAssertEqual(a.status, 429, "every attempt came from 127.0.0.1 whatever the header says [\(db)]")
        }
    }

    func testClientAddressResolution() {
        let r = ClientAddressResolver(trustedProxies: [AddressRange("127.0.0.1")!, AddressRange("10.8.0.0/16")!, AddressRange("fd00::/8")!])
        XCTAssertEqual(r.resolve(peer: "192.0.2.7", forwardedFor: ["1.2.3.4"]), "192.0.2.7", "untrusted peer: the peer")
        XCTAssertEqual(r.resolve(peer: "127.0.0.1", forwardedFor: []), "127.0.0.1")
        XCTAssertEqual(r.resolve(peer: "127.0.0.1", forwardedFor: ["6.6.6.6, 198.51.100.2"]), "198.51.100.2")
        XCTAssertEqual(r.resolve(peer: "127.0.0.1", forwardedFor: ["6.6.6.6, 198.51.100.2, 10.8.3.4"]), "198.51.100.2", "proxies chained")
        XCTAssertEqual(r.resolve(peer: "127.0.0.1", forwardedFor: ["6.6.6.6", "198.51.100.2"]), "198.51.100.2", "several headers")
        XCTAssertEqual(r.resolve(peer: "fd00::5", forwardedFor: ["2001:db8::1"]), "2001:db8::1")
        XCTAssertEqual(r.resolve(peer: "127.0.0.1", forwardedFor: ["nonsense"]), "127.0.0.1", "garbage: the proxy itself")
        XCTAssertEqual(r.resolve(peer: "127.0.0.1", forwardedFor: ["10.8.0.1"]), "10.8.0.1", "only proxies: the leftmost")
        XCTAssertTrue(AddressRange("10.0.0.0/8")!.contains("::ffff:10.1.2.3"))
        XCTAssertFalse(AddressRange("10.0.0.0/8")!.contains("11.0.0.1"))
        XCTAssertNil(AddressRange("10.0.0.0/33"))
        XCTAssertNil(AddressRange("example.org"))
    }

    // 2. Sessions end when they should.
    func testPasswordChangesAndDeactivationEndTheOtherSessions() async throws {
        try await eachServer { db, s in
            let ids = try await userIDs(s)
            let here = s.client(), there = s.client()
            try await here.login("judith")
            try await there.login("judith")
            var a = try await here.send("POST", "/api/me/password", json: ["current": "1234", "new": "a-long-secret"])
            XCTAssertEqual(a.status, 200, db)
            do { let answer = try await here.get("/auth/me"); XCTAssertEqual(answer.status, 200, "the session that changed it goes on [\(db)]") }
            do { let answer = try await there.get("/auth/me"); XCTAssertEqual(answer.status, 401, "the other one ends [\(db)]") }
            // An administrator sets a new password: all of judith's sessions end.
            let admin = s.client()
            try await admin.login("robin")
            a = try await admin.send("POST", "/api/tables/users.AllUsers/actions/set_password",
                                     json: ["ids": [.int(ids["judith"]!)], "params": ["new_password": "short"]])
            XCTAssertEqual(a.status, 422, db)
            XCTAssertNotNil(a.json?["error"]?["fields"]?["new_password"], db)
            a = try await admin.send("POST", "/api/tables/users.AllUsers/actions/set_password",
                                     json: ["ids": [.int(ids["judith"]!), .int(ids["kerstin"]!)], "params": ["new_password": "another-secret"]])
            XCTAssertEqual(a.status, 400, "a one-row action with two rows [\(db)]")
            a = try await admin.send("POST", "/api/tables/users.AllUsers/actions/set_password",
                                     json: ["ids": [.int(ids["judith"]!)], "params": ["new_password": "another-secret"]])
            XCTAssertEqual(a.status, 200, a.text)
            do { let answer = try await here.get("/auth/me"); XCTAssertEqual(answer.status, 401, db) }
            do { let answer = try await there.login("judith", "another-secret"); XCTAssertEqual(answer.status, 200, db) }
            do { let answer = try await admin.get("/auth/me"); XCTAssertEqual(answer.status, 200, "the administrator's own session goes on [\(db)]") }
            // `welfare user passwd` (the session store, without a user) ends them too.
            try await s.sessions.setPassword(userID: ids["judith"]!, password: "third-secret", by: nil)
            do { let answer = try await there.get("/auth/me"); XCTAssertEqual(answer.status, 401, db) }
            // Deactivating and switching the login source.
            let hubert = s.client()
            try await hubert.login("hubert")
            var row = try await admin.get("/api/tables/users.AllUsers/rows/\(ids["hubert"]!)?nav=0")
            a = try await admin.send("PUT", "/api/tables/users.AllUsers/rows/\(ids["hubert"]!)",
                                     json: ["version": row.json!["row"]!["version"]!, "values": ["login_source": "directory"]])
            XCTAssertEqual(a.status, 200, a.text)
            do { let answer = try await hubert.get("/auth/me"); XCTAssertEqual(answer.status, 401, "a new login source ends the sessions [\(db)]") }
            do { let answer = try await hubert.login("hubert"); XCTAssertEqual(answer.status, 401, "no directory here: no login, the local password is gone [\(db)]") }
            let hash = try await s.store.db.read { c in try c.scalar("SELECT password FROM users_user WHERE username = 'hubert'", type: .text) }
            XCTAssertTrue(hash.isNull, "a directory user has no password stored [\(db)]")
            try await hubert.login("melanie")
            row = try await admin.get("/api/tables/users.AllUsers/rows/\(ids["melanie"]!)?nav=0")
            a = try await admin.send("PUT", "/api/tables/users.AllUsers/rows/\(ids["melanie"]!)",
                                     json: ["version": row.json!["row"]!["version"]!, "values": ["is_active": false]])
            XCTAssertEqual(a.status, 200, a.text)
            do { let answer = try await hubert.get("/auth/me"); XCTAssertEqual(answer.status, 401, "deactivation ends the sessions [\(db)]") }
        }
    }

    func testSessionsHaveAnAbsoluteLifetime() async throws {
        // Three seconds (logins are stamped to the second, so "busy" is checked well inside them).
        try await eachServer(configure: { $0.sessionMaxHours = 3.0 / 3600 }) { db, s in
            let c = s.client()
            try await c.login("robin")
            do { let a = try await c.get("/auth/me"); XCTAssertEqual(a.status, 200, db) }
            try await Task.sleep(nanoseconds: 1_000_000_000)
            do { let a = try await c.get("/auth/me"); XCTAssertEqual(a.status, 200, "busy, not yet too old [\(db)]") }
            try await Task.sleep(nanoseconds: 3_500_000_000)
            do { let a = try await c.get("/auth/me"); XCTAssertEqual(a.status, 401, "older than sessionMaxHours however busy [\(db)]") }
        }
    }

    func testChangingOnesPasswordIsThrottledLikeALogin() async throws {
        try await eachServer { db, s in
            let c = s.client()
            try await c.login("judith")
            for _ in 0..<5 {
                let a = try await c.send("POST", "/api/me/password", json: ["current": "guess", "new": "a-long-secret"])
                XCTAssertEqual(a.status, 422, db)
            }
            let a = try await c.send("POST", "/api/me/password", json: ["current": "1234", "new": "a-long-secret"])
            XCTAssertEqual(a.status, 429, "a stolen session cannot try passwords without limit [\(db)]")
        }
    }

    // 3. Acting as another user.
    func testActingAsNeedsAnActiveUserIsLoggedAndLendsNoUserManagement() async throws {
        try await eachServer { db, s in
            let ids = try await userIDs(s)
            let admin = s.client()
            try await admin.login("robin")
            // robin lets theresia work as him (an administrator), and deactivates hubert.
            var a = try await admin.send("POST", "/api/tables/users.Authorities/rows",
                                         json: ["values": ["user": .int(ids["robin"]!), "authorized": .int(ids["theresia"]!)]])
            XCTAssertEqual(a.status, 201, a.text)
            let row = try await admin.get("/api/tables/users.AllUsers/rows/\(ids["hubert"]!)?nav=0")
            a = try await admin.send("PUT", "/api/tables/users.AllUsers/rows/\(ids["hubert"]!)",
                                     json: ["version": row.json!["row"]!["version"]!, "values": ["is_active": false]])
            XCTAssertEqual(a.status, 200, a.text)
            let clerk = s.client()
            try await clerk.login("theresia")
            let site = try await clerk.get("/api/site")
            let offered = site.json?["actAs"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? []
            XCTAssertFalse(offered.contains(ids["hubert"]!), "an inactive user is not offered [\(db)]")
            a = try await clerk.send("POST", "/auth/act-as", json: ["user": .int(ids["hubert"]!)])
            XCTAssertEqual(a.status, 403, "nor accepted [\(db)]")
            a = try await clerk.send("POST", "/auth/act-as", json: ["user": .int(ids["robin"]!)])
            XCTAssertEqual(a.status, 200, a.text)
            do { let me = try await clerk.get("/auth/me"); XCTAssertEqual(me.json?["user"]?["username"], "robin", db) }
            // Working as robin lends his tables, not the management of users.
            do { let answer = try await clerk.get("/api/tables/users.AllUsers/rows"); XCTAssertEqual(answer.status, 200, db) }
            let theresia = try await clerk.get("/api/tables/users.AllUsers/rows/\(ids["theresia"]!)?nav=0")
            a = try await clerk.send("PUT", "/api/tables/users.AllUsers/rows/\(ids["theresia"]!)",
                                     json: ["version": theresia.json!["row"]!["version"]!, "values": ["user_type": "900"]])
            XCTAssertEqual(a.status, 403, "no new user type while acting [\(db)]")
            a = try await clerk.send("POST", "/api/tables/users.Authorities/rows",
                                     json: ["values": ["user": .int(ids["melanie"]!), "authorized": .int(ids["theresia"]!)]])
            XCTAssertEqual(a.status, 403, "no authorities while acting [\(db)]")
            a = try await clerk.send("POST", "/api/tables/users.AllUsers/actions/set_password",
                                     json: ["ids": [.int(ids["kerstin"]!)], "params": ["new_password": "taken-over!"]])
            XCTAssertEqual(a.status, 403, "no passwords while acting [\(db)]")
            a = try await clerk.send("POST", "/api/me/password", json: ["current": "1234", "new": "a-long-secret"])
            XCTAssertEqual(a.status, 403, db)
            let meta = try await clerk.get("/api/tables/users.AllUsers")
            XCTAssertEqual(meta.json?["actions"]?.arrayValue?.count, 0, "the shell offers none of it either [\(db)]")
            a = try await clerk.send("POST", "/auth/act-as", json: [:])
            XCTAssertEqual(a.status, 200, db)
            // Both were logged.
            let log = try await admin.get("/api/tables/users.ActAsLog/rows")
            let entries = log.json?["rows"]?.arrayValue ?? []
            XCTAssertEqual(entries.count, 2, log.text)
            let start = entries.first { !($0["as_user"]?.isNull ?? true) }
            XCTAssertEqual(start?["as_user"]?["text"], "Robin Rood", "who acted as whom [\(db)]")
            XCTAssertEqual(start?["user"]?["id"]?.intValue, ids["theresia"], db)
            XCTAssertNotNil(start?["at"]?.stringValue, "when [\(db)]")
            XCTAssertTrue(entries.contains { $0["as_user"]?.isNull ?? false }, "and the stop [\(db)]")
        }
    }

    // 4. No timing oracle.
    func testUnknownInactiveAndDirectoryUsersCostWhatAWrongPasswordCosts() async throws {
        try await eachServer(configure: { $0.trustedProxies = [AddressRange("127.0.0.1")!] }) { db, s in
            let c = s.client()
            try await s.store.db.write { c in
                try c.execute("UPDATE users_user SET is_active = ? WHERE username = 'kerstin'", [.bool(false)])
                try c.execute("UPDATE users_user SET login_source = 'directory', password = NULL WHERE username = 'caroline'")
            }
            // Rounds over all users, so that a busy machine slows each of them alike.
            let users = ["robin", "no-such-user", "kerstin", "caroline"]
            var times: [String: [Double]] = [:]
            var n = 0
            for _ in 0..<7 {
                for user in users {
                    n += 1
                    let start = Date()
                    let a = try await c.login(user, "wrong-password", headers: ["X-Forwarded-For": "10.9.\(n / 200).\(n % 200)"])
                    times[user, default: []].append(Date().timeIntervalSince(start))
                    XCTAssertEqual(a.status, 401, "\(user) [\(db)]")
                    XCTAssertEqual(a.json?["error"]?["message"], "Wrong user name or password.", db)
                }
            }
            func median(_ user: String) -> Double { times[user]!.sorted()[3] }
            let wrong = median("robin")
            for user in users.dropFirst() {
                let t = median(user)
                XCTAssertGreaterThan(t, wrong * 0.5, "\(user): \(t) s against \(wrong) s for a wrong password [\(db)]")
                XCTAssertLessThan(t, wrong * 2 + 0.05, "\(user): \(t) s against \(wrong) s [\(db)]")
            }
        }
    }

    // 5. Login CSRF.
    func testLoginAcceptsOnlyJSONFromTheSitesOwnOrigin() async throws {
        try await eachServer(configure: { $0.allowedOrigins = ["https://intranet.cpas.example"] }) { db, s in
            let c = s.client()
            let body = Data(#"{"username":"robin","password":"1234"}"#.utf8)
            var a = try await c.send("POST", "/auth/login", raw: body, headers: ["Content-Type": "text/plain"])
            XCTAssertEqual(a.status, 400, "a cross-site form can send text/plain [\(db)]")
            a = try await c.send("POST", "/auth/login", raw: body, headers: ["Content-Type": "application/x-www-form-urlencoded"])
            XCTAssertEqual(a.status, 400, db)
            a = try await c.send("POST", "/auth/login", raw: body, headers: ["Content-Type": "application/json", "Origin": "https://evil.example"])
            XCTAssertEqual(a.status, 403, db)
            XCTAssertNil(a.headers["set-cookie"], db)
            a = try await c.send("POST", "/auth/login", raw: body, headers: ["Content-Type": "application/json", "Origin": "null"])
            XCTAssertEqual(a.status, 403, db)
            a = try await c.send("POST", "/auth/login", raw: body, headers: ["Content-Type": "application/json", "Origin": "http://127.0.0.1:\(s.port + 1)"])
            XCTAssertEqual(a.status, 403, "another port is another origin [\(db)]")
            a = try await c.send("POST", "/auth/login", raw: body, headers: ["Content-Type": "application/json; charset=utf-8", "Origin": "http://127.0.0.1:\(s.port)"])
            XCTAssertEqual(a.status, 200, a.text)
            a = try await c.send("POST", "/auth/login", raw: body, headers: ["Content-Type": "application/json", "Origin": "https://intranet.cpas.example"])
            XCTAssertEqual(a.status, 200, "a configured origin [\(db)]")
        }
        XCTAssertTrue(OriginCheck.sameSite("https://welfare.example.be", host: "welfare.example.be"))
        XCTAssertTrue(OriginCheck.sameSite("http://127.0.0.1:8080", host: "127.0.0.1:8080"))
        XCTAssertFalse(OriginCheck.sameSite("https://welfare.example.be.evil.example", host: "welfare.example.be"))
        XCTAssertFalse(OriginCheck.sameSite("https://welfare.example.be:8443", host: "welfare.example.be"))
    }

    // 6. No 500 for odd input.
    func testControlCharactersNeverGiveA500() async throws {
        try await eachServer { db, s in
            let c = s.client()
            try await c.login("robin")
            let filter = #"[{"field":"name","op":"contains","value":"a\u0000b"}]"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let eq = #"[{"field":"gender","op":"eq","value":"M\u0000"}]"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            for path in ["/api/tables/contacts.Persons/rows?q=ab%00", "/api/tables/contacts.Persons/rows?q=%00%00%00",
                         "/api/tables/contacts.Persons/rows?q=ab%1B%07cd", "/api/tables/contacts.Persons/rows?q=%22%00",
                         "/api/tables/contacts.Persons/rows?filter=\(filter)", "/api/tables/contacts.Persons/rows?filter=\(eq)",
                         "/api/tables/contacts.Persons/rows?sort=name%00", "/api/tables/contacts.Persons/choices/city?q=eu%00",
                         "/api/tables/contacts.Persons/choices/city?q=a&ctx.country=BE%00", "/api/tables/countries.Countries/rows/B%00E",
                         "/api/tables/countries.PlacesByCountry/rows?mk=BE%00", "/api/tables/contacts.Persons/export.csv?q=ab%00",
                         "/api/tables/contacts.Persons/rows?p.observed_event=%00"] {
                let a = try await c.get(path)
                XCTAssertTrue([200, 400, 404, 422].contains(a.status), "\(path): \(a.status) \(a.text.prefix(200)) [\(db)]")
                XCTAssertNotEqual(a.error, "internal", path)
            }
            let q = try await c.get("/api/tables/contacts.Persons/rows?q=ab%00")
            XCTAssertEqual(q.status, 200, "quick search drops the NUL [\(db)]")
            let page = try await c.get("/api/tables/contacts.Persons/rows?limit=1")
            let id = page.json!["rows"]![0]!["id"]!.intValue!
            let row = try await c.get("/api/tables/contacts.Persons/rows/\(id)?nav=0")
            let a = try await c.send("PUT", "/api/tables/contacts.Persons/rows/\(id)",
                                     json: ["version": row.json!["row"]!["version"]!, "values": ["first_name": "Ann\u{0}a"]])
            XCTAssertEqual(a.status, 422, db)
            XCTAssertNotNil(a.json?["error"]?["fields"]?["first_name"], "the error names the field [\(db)]")
            let after = try await c.get("/api/tables/contacts.Persons/rows/\(id)?nav=0")
            XCTAssertEqual(after.json?["row"]?["first_name"], row.json?["row"]?["first_name"], "nothing changed [\(db)]")
            let other = s.client()
            let login = try await other.login("robin\u{0}x")
            XCTAssertEqual(login.status, 422, "a NUL makes no second name for robin [\(db)]")
            do { let answer = try await other.login("robin\u{0}"); XCTAssertEqual(answer.status, 422, db) }
            // A NUL would cut a password short in libcrypt: "1234\0junk" is not "1234".
            do { let a = try await other.login("robin", "1234\u{0}junk"); XCTAssertEqual(a.status, 422, db) }
            let judith = s.client()
            try await judith.login("judith")
            let cut = try await judith.send("POST", "/api/me/password", json: ["current": "1234", "new": "newpass\u{0}judith"])
            XCTAssertEqual(cut.status, 422, "a new password with a NUL [\(db)]")
            XCTAssertNotNil(cut.json?["error"]?["fields"]?["new"], db)
            // Spaces at the ends of a name are not another name (nor another throttle counter).
            do { let a = try await other.login("  robin "); XCTAssertEqual(a.status, 200, db) }
            XCTAssertEqual(SessionStore.normalizedUsername(" anna\t maria  "), "anna maria")
            XCTAssertEqual(SessionStore.normalizedUsername("je\u{301}ro\u{302}me"), "jérôme")
        }
    }

    // 7. Permissions at every door (the framework's own tests cover each door; here the place combo).
    func testTheLearningPlaceComboNeedsTheRightToInsertPlaces() async throws {
        try await eachServer { db, s in
            let agent = s.client()
            try await agent.login("alicia")
            var a = try await agent.send("POST", "/api/tables/contacts.Persons/choices/city", json: ["text": "Alicialand", "ctx": ["country": "BE"]])
            XCTAssertEqual(a.status, 403, "an integration agent may not create places [\(db)]")
            let admin = s.client()
            try await admin.login("robin")
            a = try await admin.send("POST", "/api/tables/contacts.Persons/choices/city",
                                     json: ["text": .string(String(repeating: "x", count: 900_000)), "ctx": ["country": "BE"]])
            XCTAssertEqual(a.status, 422, "a 900 KB place name [\(db)]")
            XCTAssertNotNil(a.json?["error"]?["fields"]?["city"], db)
            let places = try await s.store.db.read { c in
                try c.scalar("SELECT count(*) FROM countries_place WHERE name = 'Alicialand' OR length(name) > 1000").intValue
            }
            XCTAssertEqual(places, 0, db)
        }
    }

    // 9. HSTS behind HTTPS.
    func testStrictTransportSecurityWithSecureCookies() async throws {
        try await eachServer(configure: { $0.secureCookies = true }) { db, s in
            let a = try await s.client().get("/healthz")
            XCTAssertEqual(a.headers["strict-transport-security"], "max-age=31536000; includeSubDomains", db)
        }
        try await eachServer { db, s in
            let a = try await s.client().get("/healthz")
            XCTAssertNil(a.headers["strict-transport-security"], "not over plain HTTP [\(db)]")
        }
    }
}
