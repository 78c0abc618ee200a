import BeID
import BeIDTestSupport
import Foundation
import Lino
import XCTest

/// The server side of reading an eID card: verify, compare, confirm, merge, log.
final class EIDIntakeTests: XCTestCase {
    func eachServer(_ body: (String, TestServer) async throws -> Void) async throws {
        for (name, server) in try await TestServer.all(persons: 20) {
            do { try await body(name, server) } catch { XCTFail("[\(name)] \(error)") }
            await server.stop()
        }
    }

    /// The helper's answer for a card, as the browser passes it on.
    func helperAnswer(_ files: CardFiles) -> JSON {
        var o = JSONObject()
        for (k, v) in files.base64.sorted(by: { $0.key < $1.key }) { o[k] = .string(v) }
        return .object(["helper": "test", "reader": "Virtual PCD 00 00", "files": .object(o)])
    }

    func count(_ s: TestServer, _ sql: String) async throws -> Int {
        try await s.store.db.read { c in Int(try c.scalar(sql).intValue ?? -1) }
    }

    func testCreateThenUpToDateThenUpdate() async throws {
        try await eachServer { db, s in
            let clerk = s.client()
            try await clerk.login("theresia")
            let card = helperAnswer(SampleCard.files())
            var a = try await clerk.send("POST", "/api/services/beid/preview", json: ["card": card, "person": .null])
            XCTAssertEqual(a.status, 200, "\(a.text) [\(db)]")
            XCTAssertEqual(a.json?["action"], "create", db)
            XCTAssertTrue(a.json?["card"]?["photo"]?.stringValue?.hasPrefix("data:image/jpeg;base64,") == true, db)
            let fields = a.json?["card"]?["fields"]?.arrayValue ?? []
            XCTAssertTrue(fields.contains { $0["name"] == "last_name" && $0["value"] == "Lambèrt" }, db)
            XCTAssertTrue(fields.contains { $0["name"] == "birth_date" && $0["value"] == "30.07.1985" }, db)
            let n1 = try await count(s, "SELECT count(*) FROM contacts_person WHERE national_id = '850730 033-28'")
            XCTAssertEqual(n1, 0,
                           "a preview changes nothing [\(db)]")

            let totalBefore = try await clerk.get("/api/tables/contacts.Persons/rows?limit=1").json?["total"]?.intValue  // now cached
            a = try await clerk.send("POST", "/api/services/beid/apply", json: ["card": card, "action": "create", "person": .null, "version": .null])
            XCTAssertEqual(a.status, 200, "\(a.text) [\(db)]")
            let id = try XCTUnwrap(a.json?["id"]?.intValue)
            let totalAfter = try await clerk.get("/api/tables/contacts.Persons/rows?limit=1").json?["total"]?.intValue
            XCTAssertEqual(totalAfter, totalBefore.map { $0 + 1 }, "the cached count follows the write [\(db)]")
            _ = try await clerk.send("POST", "/api/tables/countries.Places/rows", json: ["values": ["name": "Nowhere", "country": "BE"]])
            let totalAfterPlace = try await clerk.get("/api/tables/contacts.Persons/rows?limit=1").json?["total"]?.intValue
            XCTAssertEqual(totalAfterPlace, totalAfter, db)
            a = try await clerk.get("/api/tables/contacts.Persons/rows/\(id)")
            let row = a.json?["row"] ?? a.json
            XCTAssertEqual(row?["national_id"], "850730 033-28", db)
            XCTAssertEqual(row?["card_number"], "591413288107", db)
            XCTAssertEqual(row?["card_type"]?["id"], "01", db)
            XCTAssertEqual(row?["card_valid_until"], "2031-03-01", db)
            XCTAssertEqual(row?["street"], "Rue de l'Église", db)
            XCTAssertEqual(row?["street_box"], "3", db)
            XCTAssertEqual(row?["gender"]?["id"], "F", db)
            let photoURL = try XCTUnwrap(row?["photo"]?.stringValue, db)
            a = try await clerk.get(photoURL)
            XCTAssertEqual(a.status, 200, db)
            XCTAssertEqual(a.headers["content-type"], "image/jpeg", db)
            XCTAssertEqual(Array(a.data), SampleCard.photo, db)
            let n2 = try await count(s, "SELECT count(*) FROM contacts_address WHERE partner = \(id) AND data_source = '02'")
            XCTAssertEqual(n2, 1,
                           "the address is stored with its source eID [\(db)]")

            a = try await clerk.send("POST", "/api/services/beid/preview", json: ["card": card, "person": .int(id)])
            XCTAssertEqual(a.json?["action"], "uptodate", "\(a.text) [\(db)]")

            // The Persons grid finds whose card is missing or expired: not hers any more.
            a = try await clerk.get("/api/tables/contacts.Persons/rows?q=lambert&p.eid_expired=true")
            XCTAssertEqual(a.json?["total"]?.intValue, 0, db)
            a = try await clerk.get("/api/tables/contacts.Persons/rows?q=lambert")
            XCTAssertEqual(a.json?["total"]?.intValue, 1, "the search folds accents [\(db)]")
            a = try await clerk.get("/api/tables/contacts.Persons/rows?p.eid_expired=true&limit=1")
            XCTAssertGreaterThan(a.json?["total"]?.intValue ?? 0, 10, "demo persons have no card read [\(db)]")

            // The person moved: a new card with another address.
            var address = SampleCard.encode([0x00: [0x01], 0x01: Array("Hauptstraße 45".utf8), 0x02: Array("4700".utf8), 0x03: Array("Eupen".utf8)])
            address += []
            let moved = helperAnswer(SampleCard.files(address: address))
            a = try await clerk.send("POST", "/api/services/beid/preview", json: ["card": moved, "person": .int(id)])
            XCTAssertEqual(a.json?["action"], "update", "\(a.text) [\(db)]")
            let diffs = a.json?["differences"]?.arrayValue ?? []
            XCTAssertTrue(diffs.contains { $0["field"] == "street" && $0["old"] == "Rue de l'Église" && $0["new"] == "Hauptstraße" }, "\(diffs) [\(db)]")
            XCTAssertTrue(diffs.contains { $0["field"] == "city" && $0["new"] == "Eupen" }, "\(diffs) [\(db)]")
            XCTAssertFalse(diffs.contains { $0["field"] == "last_name" || $0["field"] == "photo" }, "unchanged fields are not listed [\(db)]")
            let version = try XCTUnwrap(a.json?["person"]?["version"]?.intValue)

            // A stale confirmation is refused, the right one applied.
            a = try await clerk.send("POST", "/api/services/beid/apply", json: ["card": moved, "action": "update", "person": .int(id), "version": .int(version - 1)])
            XCTAssertEqual(a.status, 409, db)
            a = try await clerk.send("POST", "/api/services/beid/apply", json: ["card": moved, "action": "update", "person": .int(id), "version": .int(version)])
            XCTAssertEqual(a.status, 200, "\(a.text) [\(db)]")
            a = try await clerk.get("/api/tables/contacts.Persons/rows/\(id)")
            XCTAssertEqual((a.json?["row"] ?? a.json)?["street"], "Hauptstraße", db)
            let n3 = try await count(s, "SELECT count(*) FROM contacts_address WHERE partner = \(id) AND data_source = '02'")
            XCTAssertEqual(n3, 1,
                           "the eID address was updated, not added [\(db)]")
            let n4 = try await count(s, "SELECT count(*) FROM beid_cardreading WHERE card_number = '591413288107'")
            XCTAssertGreaterThanOrEqual(n4, 5,
                                        "every read is logged [\(db)]")
        }
    }

    func testTamperedCardsAndBadRequestsChangeNothing() async throws {
        try await eachServer { db, s in
            let clerk = s.client()
            try await clerk.login("robin")  // English messages
            let before = try await count(s, "SELECT count(*) FROM contacts_person")
            var files = SampleCard.files()
            files.files[.identitySignature]![7] ^= 0x55
            for action in ["preview", "apply"] {
                let a = try await clerk.send("POST", "/api/services/beid/\(action)", json: ["card": helperAnswer(files), "action": "create"])
                XCTAssertEqual(a.status, 422, "\(action) [\(db)]")
                XCTAssertTrue(a.text.contains("signature is wrong") && a.text.contains("Nothing was changed."), "\(a.text) [\(db)]")
            }
            let other = helperAnswer(SampleCard.files(pki: SampleCard.otherPKI))
            var a = try await clerk.send("POST", "/api/services/beid/preview", json: ["card": other])
            XCTAssertEqual(a.status, 422, "a card signed under an untrusted root [\(db)]")
            XCTAssertTrue(a.text.contains("not signed by the national register"), "\(a.text) [\(db)]")
            a = try await clerk.send("POST", "/api/services/beid/preview", json: ["nothing": true])
            XCTAssertEqual(a.status, 400, db)
            a = try await clerk.send("POST", "/api/services/beid/apply", json: ["card": helperAnswer(SampleCard.files()), "action": "update"])
            XCTAssertEqual(a.status, 400, "an update names its person [\(db)]")
            a = try await clerk.send("POST", "/api/services/beid/apply", json: ["card": helperAnswer(SampleCard.files()), "action": "delete"])
            XCTAssertEqual(a.status, 400, db)
            a = try await clerk.send("POST", "/api/services/beid/preview", json: ["card": ["files": ["identity": "%%%", "photo": 12]]])
            XCTAssertEqual(a.status, 422, "files that are not base64 [\(db)]")
            a = try await clerk.send("POST", "/api/services/beid/preview", raw: Data("[1, 2]".utf8), headers: ["Content-Type": "application/json"])
            XCTAssertEqual(a.status, 400, "a body that is no object [\(db)]")
            a = try await clerk.get("/api/services/beid/preview")
            XCTAssertEqual(a.status, 404, "a POST service is not there for GET [\(db)]")
            a = try await clerk.get("/api/tables/contacts.Persons/rows/1/image/first_name")
            XCTAssertEqual(a.status, 404, "only image fields have images [\(db)]")
            a = try await clerk.send("POST", "/api/services/beid/preview", json: ["card": helperAnswer(SampleCard.files())], csrf: false)
            XCTAssertEqual(a.status, 403, "no CSRF token [\(db)]")
            a = try await clerk.send("POST", "/api/services/beid/nosuch", json: [:])
            XCTAssertEqual(a.status, 404, db)
            let n5 = try await count(s, "SELECT count(*) FROM contacts_person")
            XCTAssertEqual(n5, before, db)
            let n6 = try await count(s, "SELECT count(*) FROM beid_cardreading WHERE outcome = '90'")
            XCTAssertGreaterThanOrEqual(n6, 3, "refusals are logged [\(db)]")

            let anonymous = s.client()
            a = try await anonymous.send("POST", "/api/services/beid/preview", json: ["card": helperAnswer(SampleCard.files())])
            XCTAssertEqual(a.status, 401, db)
        }
    }
}
