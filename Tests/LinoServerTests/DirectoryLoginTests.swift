import Foundation
import Lino
import XCTest

/// Logins against a real slapd (tests/ldap): first login creates the user,
/// later ones refresh it, failures look alike, a slow directory does not
/// block local accounts, and open sessions are checked again.
final class DirectoryLoginTests: XCTestCase {
    let groups = TestDirectory.groups

    func withDirectory(_ settings: (TestDirectory) -> DirectorySettings,
                       _ body: (String, TestServer, TestDirectory) async throws -> Void) async throws {
        guard let directory = try TestDirectory.start() else { throw XCTSkip("slapd is not installed") }
        defer { directory.stop() }
        let servers = try await TestServer.all(persons: 5, directory: settings(directory))
        for (name, server) in servers {
            do { try await body(name, server, directory) } catch { XCTFail("[\(name)] \(error)") }
            await server.stop()
        }
    }

    func user(_ s: TestServer, _ name: String) async throws -> [String: Value]? {
        let cols = ["username", "first_name", "last_name", "email", "language", "user_type", "login_source", "password", "is_active"]
        let row = try await s.store.db.read { c in
            try c.query("SELECT \(cols.joined(separator: ", ")) FROM users_user WHERE username = ?", [.text(name)],
                        types: [.text, .text, .text, .text, .text, .text, .text, .text, .bool]).first
        }
        return row.map { Dictionary(uniqueKeysWithValues: zip(cols, $0)) }
    }

    func testFirstLoginCreatesTheUserAndLaterLoginsRefreshIt() async throws {
        try await withDirectory({ $0.adSettings() }) { db, s, d in
            let c = s.client()
            var a = try await c.login("adele", "adele-pw")
            XCTAssertEqual(a.status, 200, a.text)
            XCTAssertEqual(a.json?["user"]?["fullName"], "Adèle Lambert", db)
            XCTAssertEqual(a.json?["user"]?["language"], "fr", db)
            XCTAssertEqual(a.json?["user"]?["userType"]?["id"], "100", "integration is mapped to 100 [\(db)]")
            var adele = try await user(s, "adele")
            XCTAssertEqual(adele?["email"], .text("adele@cpas.example"), db)
            XCTAssertEqual(adele?["login_source"], .text("directory"), db)
            XCTAssertEqual(adele?["password"], .null, "no password is stored here [\(db)]")
            // In integration and admins: the first group of the configuration gives the type.
            a = try await s.client().login("carla", "carla-pw")
            XCTAssertEqual(a.json?["user"]?["userType"]?["id"], "100", db)
            XCTAssertEqual(a.json?["user"]?["language"], "nl", db)
            // No language in the directory: the site's default.
            a = try await s.client().login("fiona", "fiona-pw")
            XCTAssertEqual(a.json?["user"]?["language"], "en", db)
            XCTAssertEqual(a.json?["user"]?["userType"]?["id"], "210", db)
            // The directory changes her name and moves her to the reception (and back at the end).
            func move(sn: String, from old: String, to new: String) throws {
                try d.modify("""
                    dn: uid=adele,ou=staff,dc=cpas,dc=example
                    changetype: modify
                    replace: sn
                    sn: \(sn)

                    dn: cn=\(old),\(groups)
                    changetype: modify
                    delete: member
                    member: uid=adele,ou=staff,dc=cpas,dc=example

                    dn: cn=\(new),\(groups)
                    changetype: modify
                    add: member
                    member: uid=adele,ou=staff,dc=cpas,dc=example
                    """)
            }
            try move(sn: "Lambert-Huet", from: "integration", to: "reception")
            a = try await s.client().login("ADELE", "adele-pw")
            XCTAssertEqual(a.status, 200, a.text)
            XCTAssertEqual(a.json?["user"]?["fullName"], "Adèle Lambert-Huet", "the name is refreshed [\(db)]")
            XCTAssertEqual(a.json?["user"]?["userType"]?["id"], "210", "and the type [\(db)]")
            adele = try await user(s, "adele")
            XCTAssertEqual(adele?["last_name"], .text("Lambert-Huet"), db)
            let count = try await s.store.db.read { c in try c.scalar("SELECT count(*) FROM users_user WHERE lower(username) = 'adele'").intValue }
            XCTAssertEqual(count, 1, "typing ADELE finds the same user [\(db)]")
            // The administrators see where each user logs in.
            let admin = s.client()
            try await admin.login("robin")
            let grid = try await admin.get("/api/tables/users.AllUsers/rows?limit=100")
            let sources = Dictionary(uniqueKeysWithValues: (grid.json?["rows"]?.arrayValue ?? []).map {
                ($0["username"]?.stringValue ?? "", $0["login_source"]?["id"]?.stringValue ?? "")
            })
            XCTAssertEqual(sources["adele"], "directory", db)
            XCTAssertEqual(sources["robin"], "local", db)
            try move(sn: "Lambert", from: "reception", to: "integration")
        }
    }

    func testFailuresGiveOneAnswerAndWriteNothing() async throws {
        try await withDirectory({ $0.adSettings() }) { db, s, _ in
            let wrong = "Wrong user name or password."
            for (name, password) in [("adele", "wrong"), ("nobody", "adele-pw"), ("*", "adele-pw"), ("adele)(uid=*", "adele-pw"),
                                     ("ad*", "adele-pw"), ("dieter", "dieter-pw")] {
                let a = try await s.client().login(name, password)
                XCTAssertEqual(a.status, 401, "\(name) [\(db)]")
                XCTAssertEqual(a.json?["error"]?["message"]?.stringValue, wrong, "\(name) [\(db)]")
            }
            var a = try await s.client().login("adele", "")
            XCTAssertEqual(a.status, 422, "an empty password never reaches the directory [\(db)]")
            a = try await s.client().login("erik", "erik-pw")
            XCTAssertEqual(a.status, 403, "right password, no mapped group [\(db)]")
            XCTAssertTrue(a.json?["error"]?["message"]?.stringValue?.contains("administrator") ?? false, a.text)
            a = try await s.client().login("star*(x", "star-pw")
            XCTAssertEqual(a.status, 200, "a name with filter characters, escaped [\(db)]")
            let star = try await user(s, "star*(x")
            XCTAssertNotNil(star, db)
            for name in ["dieter", "erik", "nobody", "*", "adele"] {
                let found = try await user(s, name)
                XCTAssertNil(found, "\(name): no user was created [\(db)]")
            }
        }
    }

    func testOpenLDAPStyleOverLDAPSWithAGroupSearch() async throws {
        try await withDirectory({ $0.openLDAPSettings() }) { db, s, _ in
            var a = try await s.client().login("bruno", "bruno-pw")
            XCTAssertEqual(a.status, 200, a.text)
            XCTAssertEqual(a.json?["user"]?["userType"]?["id"], "210", db)
            XCTAssertEqual(a.json?["user"]?["language"], "de", db)
            a = try await s.client().login("adele", "adele-pw")
            XCTAssertEqual(a.json?["user"]?["userType"]?["id"], "100", db)
            a = try await s.client().login("dieter", "dieter-pw")
            XCTAssertEqual(a.status, 401, "disabled [\(db)]")
        }
    }

    func testAWrongCertificateAuthorityIsRefused() async throws {
        try await withDirectory({ d in
            var s = d.openLDAPSettings()
            s.caFile = "/etc/ssl/certs/ca-certificates.crt"  // the system's CAs did not sign the test server
            return s
        }) { db, s, _ in
            let a = try await s.client().login("bruno", "bruno-pw")
            XCTAssertEqual(a.status, 503, "no login over an unverified connection [\(db)]")
        }
    }

    func testADirectoryThatIsDownOrHangsDoesNotBlockLocalAccounts() async throws {
        let silent = try SilentServer()
        defer { silent.close() }
        // Down; accepting and silent (plain, and LDAPS: a TLS handshake that never ends).
        for url in ["ldap://127.0.0.1:\(closedPort())", "ldap://127.0.0.1:\(silent.port)", "ldaps://127.0.0.1:\(silent.port)"] {
            var settings = DirectorySettings(urls: [url], baseDN: "ou=staff,dc=cpas,dc=example")
            settings.bindDN = "cn=welfare,ou=services,dc=cpas,dc=example"
            settings.bindPassword = "service-secret"
            settings.timeoutSeconds = 2
            let servers = try await TestServer.all(persons: 5, directory: settings)
            for (db, s) in servers {
                do {
                    var start = Date()
                    var a = try await s.client().login("adele", "adele-pw")
                    let took = Date().timeIntervalSince(start)
                    XCTAssertEqual(a.status, 503, "\(url) [\(db)]")
                    XCTAssertEqual(a.json?["error"]?["message"]?.stringValue,
                                   "The directory server does not answer; try again later or ask your administrator.", db)
                    XCTAssertLessThan(took, 3.5, "\(url) answered in \(took) s [\(db)]")
                    // More logins waiting for that directory at once do not stall the server.
                    try await withThrowingTaskGroup(of: Int.self) { group in
                        for _ in 0..<4 { group.addTask { try await s.client().login("adele", "adele-pw").status } }
                        start = Date()
                        let health = try await s.client().get("/healthz")
                        XCTAssertEqual(health.status, 200, "\(url) [\(db)]")
                        XCTAssertLessThan(Date().timeIntervalSince(start), 1.5, "the server answers meanwhile [\(url), \(db)]")
                        for try await status in group { XCTAssertEqual(status, 503, "\(url) [\(db)]") }
                    }
                    start = Date()
                    a = try await s.client().login("robin")
                    XCTAssertEqual(a.status, 200, "a local account logs in [\(db)]")
                    XCTAssertLessThan(Date().timeIntervalSince(start), 1.5, "without waiting for the directory [\(db)]")
                } catch { XCTFail("[\(db)] \(error)") }
                await s.stop()
            }
        }
        // Several URLs: the next one is tried when the first is down.
        try await withDirectory({ d in
            var s = d.adSettings()
            s.urls = ["ldap://127.0.0.1:\(closedPort())", d.ldapURL]
            return s
        }) { db, s, _ in
            let a = try await s.client().login("adele", "adele-pw")
            XCTAssertEqual(a.status, 200, "the second server answers [\(db)]")
        }
    }

    func testOpenSessionsAreCheckedAgainstTheDirectoryAgain() async throws {
        try await withDirectory({ d in
            var s = d.adSettings()
            s.recheckMinutes = 1.0 / 60
            return s
        }) { db, s, d in
            let adele = s.client(), bruno = s.client(), carla = s.client(), fiona = s.client()
            try await adele.login("adele", "adele-pw")
            try await bruno.login("bruno", "bruno-pw")
            try await carla.login("carla", "carla-pw")
            try await fiona.login("fiona", "fiona-pw")
            // Adèle and Carla leave the integration group, Bruno is disabled (and back after the test).
            func change(_ op: String, control: Int) throws {
                try d.modify("""
                    dn: cn=integration,\(groups)
                    changetype: modify
                    \(op): member
                    member: uid=adele,ou=staff,dc=cpas,dc=example
                    member: uid=carla,ou=staff,dc=cpas,dc=example

                    dn: uid=bruno,ou=staff,dc=cpas,dc=example
                    changetype: modify
                    replace: userAccountControl
                    userAccountControl: \(control)
                    """)
            }
            try change("delete", control: 514)
            try await Task.sleep(nanoseconds: 2_200_000_000)  // checks are stamped to the second
            do { let me = try await adele.get("/auth/me"); XCTAssertEqual(me.status, 401, "out of every mapped group [\(db)]") }
            do { let me = try await bruno.get("/auth/me"); XCTAssertEqual(me.status, 401, "disabled [\(db)]") }
            let me = try await carla.get("/auth/me")
            XCTAssertEqual(me.status, 200, db)
            XCTAssertEqual(me.json?["user"]?["userType"]?["id"], "900", "only admins left: her type follows [\(db)]")
            do { let me = try await fiona.get("/auth/me"); XCTAssertEqual(me.status, 200, "unchanged [\(db)]") }
            try change("add", control: 512)
        }
    }

    func testAnAdministratorSwitchesAUserBetweenDirectoryAndLocal() async throws {
        try await withDirectory({ $0.adSettings() }) { db, s, _ in
            try await s.client().login("adele", "adele-pw")
            let admin = s.client()
            try await admin.login("robin")
            let id = try await s.store.db.read { c in try c.scalar("SELECT id FROM users_user WHERE username = 'adele'").intValue! }
            func switchTo(_ source: String) async throws {
                let row = try await admin.get("/api/tables/users.AllUsers/rows/\(id)?nav=0")
                let a = try await admin.send("PUT", "/api/tables/users.AllUsers/rows/\(id)",
                                             json: ["version": row.json!["row"]!["version"]!, "values": ["login_source": .string(source)]])
                XCTAssertEqual(a.status, 200, a.text)
            }
            var a = try await admin.send("POST", "/api/tables/users.AllUsers/actions/set_password",
                                         json: ["ids": [.int(id)], "params": ["new_password": "local-secret"]])
            XCTAssertEqual(a.status, 422, "a directory user's password is set in the directory [\(db)]")
            try await switchTo("local")
            a = try await admin.send("POST", "/api/tables/users.AllUsers/actions/set_password",
                                     json: ["ids": [.int(id)], "params": ["new_password": "local-secret"]])
            XCTAssertEqual(a.status, 200, a.text)
            do { let a = try await s.client().login("adele", "local-secret"); XCTAssertEqual(a.status, 200, "local now [\(db)]") }
            do { let a = try await s.client().login("adele", "adele-pw"); XCTAssertEqual(a.status, 401, "not the directory's [\(db)]") }
            try await switchTo("directory")
            do { let a = try await s.client().login("adele", "local-secret"); XCTAssertEqual(a.status, 401, db) }
            do { let a = try await s.client().login("adele", "adele-pw"); XCTAssertEqual(a.status, 200, db) }
            // A local account with the same name as a directory entry stays local.
            do { let a = try await s.client().login("robin"); XCTAssertEqual(a.status, 200, db) }
        }
    }
}
