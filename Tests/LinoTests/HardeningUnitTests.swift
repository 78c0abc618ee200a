import Foundation
import XCTest
@testable import Lino

/// Pieces of the login and input hardening that need no server.
final class HardeningUnitTests: XCTestCase {
    func testFilterValuesAreEscapedAsRFC4515Says() {
        XCTAssertEqual(ldapFilterEscape("star*(x"), "star\\2a\\28x")
        XCTAssertEqual(ldapFilterEscape("a)(uid=*"), "a\\29\\28uid=\\2a")
        XCTAssertEqual(ldapFilterEscape("back\\slash\u{0}"), "back\\5cslash\\00")
        XCTAssertEqual(ldapFilterEscape("Adèle"), "Adèle", "UTF-8 passes as is")
    }

    func testDirectorySettingsReadTheFileKeysAndKeepTheGroupOrder() throws {
        let json = JSON.parseOrdered("""
            {"url": "ldaps://dc1.cpas.example:636 ldaps://dc2.cpas.example:636", "caFile": "/etc/ssl/certs/ca-certificates.crt",
             "bindDN": "cn=svc,dc=cpas,dc=example", "bindPassword": "pw", "baseDN": "ou=staff,dc=cpas,dc=example",
             "attributes": {"language": "msExchLanguage"},
             "groups": {"cn=zeta,ou=groups,dc=cpas,dc=example": "210", "cn=alpha,ou=groups,dc=cpas,dc=example": 100},
             "timeoutSeconds": 3, "recheckMinutes": 10, "membership": "memberOf"}
            """)!
        let s = try DirectorySettings(json: json)
        XCTAssertEqual(s.urls, ["ldaps://dc1.cpas.example:636", "ldaps://dc2.cpas.example:636"])
        XCTAssertEqual(s.groups.map(\.userType), ["210", "100"], "the file's order decides which group wins")
        XCTAssertEqual(s.languageAttribute, "msExchLanguage")
        XCTAssertEqual(s.firstNameAttribute, "givenName")
        XCTAssertEqual(s.userFilter, "(&(objectClass=person)(sAMAccountName={username}))")
        XCTAssertEqual(s.timeoutSeconds, 3)
        XCTAssertEqual(s.membership, .memberOf)
        XCTAssertEqual(s.plainURLs, [], "ldaps only")
        XCTAssertEqual(s.problems(userTypes: ["100"]), ["ldap.groups: unknown user type 210 for cn=zeta,ou=groups,dc=cpas,dc=example"])
        for bad in [#"{"baseDN": "dc=x"}"#, #"{"url": "http://x", "baseDN": "dc=x"}"#, #"{"url": "ldap://x"}"#,
                    #"{"url": "ldap://x", "baseDN": "dc=x", "userFilter": "(uid=x)"}"#,
                    #"{"url": "ldap://x", "baseDN": "dc=x", "membership": "maybe"}"#,
                    #"{"url": "ldap://x", "baseDN": "dc=x", "userFiltr": "(uid={username})"}"#,
                    #"{"url": "ldap://x", "baseDN": "dc=x", "caFile": "/nonexistent/ca.pem"}"#,
                    #"{"url": "ldap://x", "baseDN": "dc=x", "bindPassword": "a", "bindPasswordFile": "/etc/hostname"}"#] {
            XCTAssertThrowsError(try DirectorySettings(json: JSON.parseOrdered(bad)!), bad)
        }
    }

    func testGroupDNsCompareWithoutCaseOrSpaces() {
        XCTAssertEqual(Directory.normalizedDN("CN=Integration, OU=Groups,DC=cpas, DC=example"), "cn=integration,ou=groups,dc=cpas,dc=example")
        XCTAssertEqual(Directory.commonSuffix(["cn=a,ou=groups,dc=x", "cn=b,ou=Groups,dc=x"]), "ou=groups,dc=x")
        XCTAssertEqual(Directory.commonSuffix(["cn=a,ou=one,dc=x", "cn=b,ou=two,dc=x"]), "dc=x")
        let settings: DirectorySettings = {
            var s = DirectorySettings(urls: ["ldap://x"], baseDN: "dc=x")
            s.groups = [("cn=reception,dc=x", "210"), ("cn=admins,dc=x", "900")]
            return s
        }()
        let entry = DirectoryEntry(dn: "uid=a,dc=x", attributes: ["useraccountcontrol": ["514"], "givenname": ["A"]])
        let account = Directory.account(entry, groups: ["CN=Admins,DC=x", "cn=reception, dc=x"], settings)
        XCTAssertEqual(account.userType, "210", "the first group of the configuration wins")
        XCTAssertTrue(account.disabled, "bit 2 of userAccountControl")
        XCTAssertEqual(account.firstName, "A")
        XCTAssertNil(Directory.account(entry, groups: ["cn=canteen,dc=x"], settings).userType)
    }

    func testOrderedJSONKeepsKeysAsWritten() {
        let j = JSON.parseOrdered(#" {"b": [1, 2.5, true, null], "a": {"z": "\u00e9\ud83d\ude00\n", "y": -3}} "#)
        XCTAssertEqual(j?.objectValue?.pairs.map(\.0), ["b", "a"])
        XCTAssertEqual(j?["a"]?["z"]?.stringValue, "é😀\n")
        XCTAssertEqual(j?["a"]?["y"]?.intValue, -3)
        XCTAssertEqual(j?["b"]?.arrayValue?.count, 4)
        for bad in ["{", "{\"a\" 1}", "[1,]x", #""\u12""#, "tru", "{\"a\":1} x"] { XCTAssertNil(JSON.parseOrdered(bad), bad) }
    }

    func testControlCharactersAreFoundAndDropped() {
        XCTAssertTrue(ControlCharacters.contains("ab\u{0}"))
        XCTAssertTrue(ControlCharacters.contains("a\u{1b}[31m"))
        XCTAssertFalse(ControlCharacters.contains("line\nbreak\ttab", multiLine: true))
        XCTAssertTrue(ControlCharacters.contains("line\nbreak"))
        XCTAssertEqual(ControlCharacters.stripped("ab\u{0}cd\u{7f}"), "ab cd ")
        XCTAssertEqual(ControlCharacters.stripped("plain Zoë"), "plain Zoë")
        let name = CharField("name", "Name")
        guard case .invalid = ValueParser.parse("a\u{0}b", field: name, languages: ["en"]) else { return XCTFail("NUL accepted") }
        guard case .value = ValueParser.parse("two\nlines", field: TextField("remarks", "Remarks"), languages: ["en"]) else {
            return XCTFail("line breaks refused in multi-line text")
        }
    }

    func testStatementCacheEvictsTheLeastRecentlyUsed() {
        var cache = StatementCache<Int>(capacity: 10)
        for i in 0..<10 { XCTAssertTrue(cache.insert("q\(i)", i).isEmpty) }
        XCTAssertEqual(cache.get("q0"), 0)  // q0 is used again: q1 is now the oldest
        let evicted = cache.insert("q10", 10)
        XCTAssertEqual(evicted, [1])
        XCTAssertNil(cache.get("q1"))
        XCTAssertEqual(cache.get("q0"), 0)
        for i in 11..<1000 { _ = cache.insert("q\(i)", i) }
        XCTAssertLessThanOrEqual(cache.count, 10)
    }

    /// Many `<` without `>`, or script tags without an end, used to make the
    /// sanitizer rescan the rest of the text for each: quadratic, minutes for 1 MB.
    func testTheSanitizerIsLinearOnHostileInput() {
        let start = Date()
        let lt = String(repeating: "<", count: 1_000_000)
        XCTAssertEqual(HTMLSanitizer.sanitize(lt).count, 4_000_000, "every < escaped")
        let scripts = String(repeating: "<script>x", count: 100_000)
        XCTAssertFalse(HTMLSanitizer.sanitize(scripts).contains("<script"))
        let tags = String(repeating: "<b", count: 400_000) + ">"
        XCTAssertEqual(HTMLSanitizer.sanitize(tags), "<b>", "one tag, its attributes dropped")
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "linear: about a second in a debug build")
        XCTAssertEqual(HTMLSanitizer.sanitize("<p onclick=x>Hi <script>alert(1)</script><b>there</b></p>"), "<p>Hi <b>there</b></p>")
    }

    func testPostgresKeepsABoundedNumberOfPreparedStatements() async throws {
        guard let url = TestDatabases.postgresURL else {
            if TestDatabases.postgresRequired { XCTFail("no PostgreSQL") }
            return
        }
        let db = try PostgresDatabase(url: url, connections: 1)
        for i in 0..<700 {
            // SQL that depends on the request, like an `in` filter with i values.
            _ = try await db.read { c in try c.scalar("SELECT \(i) + ?", [.int(1)]) }
        }
        let held = try await db.read { c in try c.scalar("SELECT count(*) FROM pg_prepared_statements").intValue ?? 0 }
        XCTAssertLessThanOrEqual(held, 500, "the server holds at most the cache's capacity")
        XCTAssertGreaterThan(held, 100, "and still caches")
        let again = try await db.read { c in try c.scalar("SELECT 699 + ?", [.int(1)]).intValue }
        XCTAssertEqual(again, 700, "a cached statement still runs")
        await db.close()
    }

    func testNULInTextIsRefusedByBothDatabases() async throws {
        for (name, db, cleanup) in try await TestDatabases.fresh() {
            do {
                _ = try await db.read { c in try c.scalar("SELECT length(?)", [.text("ab\u{0}cd")]) }
                XCTFail("[\(name)] a NUL went through")
            } catch let e as StoreError {
                XCTAssertEqual(e.kind, .invalidInput, name)
            }
            await cleanup()
        }
    }
}
