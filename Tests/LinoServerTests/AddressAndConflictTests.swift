import Foundation
import Lino
import XCTest

/// Address consistency (places, zip codes, countries), learning combos that create
/// with the record, edits that merge or conflict per field, and who may delete
/// persons — over a real socket, on SQLite and on PostgreSQL.
final class AddressAndConflictTests: XCTestCase {
    func eachServer(_ body: (String, TestServer) async throws -> Void) async throws {
        let servers = try await TestServer.all(persons: 20)
        for (name, server) in servers {
            do { try await body(name, server) } catch { XCTFail("[\(name)] \(error)") }
            await server.stop()
        }
    }

    func texts(_ a: TestClient.Answer) -> [String] {
        a.json?["rows"]?.arrayValue?.compactMap { $0["text"]?.stringValue } ?? []
    }

    /// A person of the demo data in Belgium, with its version.
    func belgianPerson(_ c: TestClient) async throws -> (id: Int64, version: Int64) {
        let page = try await c.get("/api/tables/contacts.Persons/rows?limit=50&sort=id")
        for summary in page.json?["rows"]?.arrayValue ?? [] {
            let row = try await c.get("/api/tables/contacts.Persons/rows/\(summary["id"]!.intValue!)").json?["row"]
            if let row, row["country"]?["id"] == "BE", row["city"] != .null, let id = row["id"]?.intValue, let v = row["version"]?.intValue {
                return (id, v)
            }
        }
        throw XCTSkip("no Belgian person with a place in the demo data")
    }

    func testPlaceChoicesRankWhatStartsWithTheTextFirstAndCarryTheZipCode() async throws {
        try await eachServer { db, s in
            let c = s.client()
            try await c.login("robin")
            var a = try await c.get("/api/tables/contacts.Persons/choices/city?q=Eu&ctx.country=BE")
            XCTAssertEqual(texts(a).first, "Eupen", "“Eu” starts Eupen, only contains Angleur [\(db)]")
            XCTAssertTrue(texts(a).contains("Angleur"), db)
            XCTAssertEqual(a.json?["rows"]?[0]?["fills"]?["zip_code"], "4700", db)
            a = try await c.get("/api/tables/contacts.Persons/choices/city?q=4700&ctx.country=BE")
            XCTAssertEqual(texts(a).first, "Eupen", "a zip code finds its place [\(db)]")
            a = try await c.get("/api/tables/contacts.Persons/choices/city?q=&ctx.country=BE&ctx.zip_code=4731")
            XCTAssertEqual(texts(a), ["Eynatten"], "a zip code typed first narrows the places [\(db)]")
            a = try await c.get("/api/tables/contacts.Persons/choices/city?q=k&ctx.country=BE&ctx.zip_code=4731")
            XCTAssertFalse(texts(a).contains("Eynatten"), "typed text still filters [\(db)]")
            a = try await c.get("/api/tables/contacts.Persons/choices/city?q=E&ctx.country=BE&ctx.zip_code=4731")
            XCTAssertEqual(texts(a).first, "Eynatten", "with text typed, the zip code's places come first [\(db)]")
            XCTAssertTrue(texts(a).contains("Eupen"), db)
            a = try await c.get("/api/tables/contacts.Persons/choices/city?q=&ctx.country=BE&ctx.zip_code=9999")
            XCTAssertGreaterThan(a.json?["total"]?.intValue ?? 0, 20, "a zip code no place has narrows nothing [\(db)]")
            a = try await c.get("/api/tables/contacts.Persons/choices/city?q=Eu&ctx.country=DE")
            XCTAssertFalse(texts(a).contains("Eupen"), "places of the chosen country only [\(db)]")
        }
    }

    func testAPlaceOfAnotherCountryIsRefusedNamingThePlace() async throws {
        try await eachServer { db, s in
            let c = s.client()
            try await c.login("romain")
            let p = try await belgianPerson(c)
            var a = try await c.send("PUT", "/api/tables/contacts.Persons/rows/\(p.id)", json: ["version": .int(p.version), "values": ["country": "DE"]])
            XCTAssertEqual(a.status, 422, a.text)
            let message = a.json?["error"]?["fields"]?["city"]?.stringValue ?? ""
            XCTAssertTrue(message.contains("Allemagne"), "the message names the country, in French: \(message) [\(db)]")
            a = try await c.get("/api/tables/contacts.Persons/rows/\(p.id)")
            XCTAssertEqual(a.json?["row"]?["country"]?["id"], "BE", "nothing was written [\(db)]")
            XCTAssertEqual(a.json?["row"]?["version"]?.intValue, p.version, db)
            a = try await c.send("PUT", "/api/tables/contacts.Persons/rows/\(p.id)", json: ["version": .int(p.version), "values": ["country": "DE", "city": .null]])
            XCTAssertEqual(a.status, 200, "changing the country and clearing the place is fine [\(db)] \(a.text)")
        }
    }

    func testANewPlaceIsCreatedWithItsRecordInEveryLanguageAndOnlyByContactsStaff() async throws {
        try await eachServer { db, s in
            let clerk = s.client()
            try await clerk.login("theresia")
            var a = try await clerk.get("/api/tables/contacts.Persons")
            XCTAssertEqual(a.json?["fields"]?["city"]?["learning"], true, "a reception clerk may create places [\(db)]")
            XCTAssertEqual(a.json?["fields"]?["city"]?["fills"], ["country", "zip_code"], db)
            // A refused insert leaves no place behind.
            a = try await clerk.send("POST", "/api/tables/contacts.Persons/rows", json: ["values": [
                "first_name": "Jean", "country": "BE", "city": ["create": "Nirgendwo"]]])
            XCTAssertEqual(a.status, 422, a.text)
            XCTAssertNotNil(a.json?["error"]?["fields"]?["last_name"], db)
            a = try await clerk.get("/api/tables/countries.Places/rows?q=Nirgendwo")
            XCTAssertEqual(a.json?["total"]?.intValue, 0, "the place was not created [\(db)]")
            a = try await clerk.send("POST", "/api/tables/contacts.Persons/rows", json: ["values": [
                "first_name": "Jean", "last_name": "Neumann", "country": "BE", "zip_code": "4798", "city": ["create": " Nirgendwo "]]])
            XCTAssertEqual(a.status, 201, a.text)
            XCTAssertEqual(a.json?["row"]?["city"]?["text"], "Nirgendwo", db)
            a = try await clerk.get("/api/tables/countries.Places/rows?q=Nirgendwo")
            let place = a.json?["rows"]?[0]
            for language in ["en", "fr", "de", "nl"] {
                XCTAssertEqual(place?["name"]?[language], "Nirgendwo", "in \(language) [\(db)]")
            }
            XCTAssertEqual(place?["country"]?["id"], "BE", "the record's country [\(db)]")
            XCTAssertEqual(place?["zip_code"], "4798", "the record's zip code [\(db)]")

            let agent = s.client()
            try await agent.login("alicia")
            a = try await agent.get("/api/tables/contacts.Persons")
            XCTAssertNil(a.json?["fields"]?["city"]?["learning"], "an integration agent is not offered to create places [\(db)]")
            let p = try await belgianPerson(agent)
            a = try await agent.send("PUT", "/api/tables/contacts.Persons/rows/\(p.id)", json: ["version": .int(p.version), "values": ["city": ["create": "Alicialand"]]])
            XCTAssertEqual(a.status, 422, a.text)
            XCTAssertNotNil(a.json?["error"]?["fields"]?["city"], "the refusal names the field [\(db)]")
            a = try await agent.get("/api/tables/countries.Places/rows?q=Alicialand")
            XCTAssertEqual(a.json?["total"]?.intValue, 0, db)
            a = try await agent.send("POST", "/api/tables/contacts.Persons/choices/city", json: ["text": "Alicialand", "ctx": ["country": "BE"]])
            XCTAssertEqual(a.status, 403, "the old door is closed too [\(db)]")
        }
    }

    func testStaleSavesMergeOtherFieldsAndNameWhoChangedTheSameField() async throws {
        try await eachServer { db, s in
            let robin = s.client()
            try await robin.login("robin")
            let romain = s.client()
            try await romain.login("romain")
            let p = try await belgianPerson(robin)
            var a = try await robin.get("/api/tables/contacts.Persons/rows/\(p.id)")
            let loaded = try XCTUnwrap(a.json?["row"])
            // Robin changes the first name; Romain, still on the old version, the title.
            a = try await robin.send("PUT", "/api/tables/contacts.Persons/rows/\(p.id)", json: [
                "version": .int(p.version), "values": ["first_name": "Xavier"], "base": ["first_name": loaded["first_name"]!]])
            XCTAssertEqual(a.status, 200, a.text)
            a = try await romain.send("PUT", "/api/tables/contacts.Persons/rows/\(p.id)", json: [
                "version": .int(p.version), "values": ["title": "Dr"], "base": ["title": loaded["title"] ?? .null]])
            XCTAssertEqual(a.status, 200, "an unrelated field merges [\(db)] \(a.text)")
            XCTAssertEqual(a.json?["row"]?["first_name"], "Xavier", "Robin's change stays [\(db)]")
            XCTAssertEqual(a.json?["row"]?["title"], "Dr", db)
            XCTAssertEqual(a.json?["row"]?["version"]?.intValue, p.version + 2, db)
            // Romain, still on the old version, changes the first name too: a conflict naming Robin.
            a = try await romain.send("PUT", "/api/tables/contacts.Persons/rows/\(p.id)", json: [
                "version": .int(p.version), "values": ["first_name": "Yves", "remarks": "seen"],
                "base": ["first_name": loaded["first_name"]!, "remarks": loaded["remarks"] ?? .null]])
            XCTAssertEqual(a.status, 409, a.text)
            let conflicts = try XCTUnwrap(a.json?["error"]?["conflicts"]?.objectValue, a.text)
            XCTAssertEqual(conflicts.keys.sorted(), ["first_name"], "only the field both changed [\(db)]")
            XCTAssertEqual(conflicts["first_name"]?["yours"], "Yves", db)
            XCTAssertEqual(conflicts["first_name"]?["theirs"], "Xavier", db)
            XCTAssertEqual(conflicts["first_name"]?["changedBy"], "Robin Rood", db)
            XCTAssertNotNil(ISO8601DateFormatter().date(from: conflicts["first_name"]?["changedAt"]?.stringValue ?? ""), db)
            XCTAssertEqual(a.json?["error"]?["current"]?["version"]?.intValue, p.version + 2, db)
            a = try await romain.get("/api/tables/contacts.Persons/rows/\(p.id)")
            XCTAssertNotEqual(a.json?["row"]?["remarks"], "seen", "nothing of a refused save is written [\(db)]")
            // The same value on both sides is no conflict.
            a = try await romain.send("PUT", "/api/tables/contacts.Persons/rows/\(p.id)", json: [
                "version": .int(p.version), "values": ["first_name": "Xavier"], "base": ["first_name": loaded["first_name"]!]])
            XCTAssertEqual(a.status, 200, a.text)
        }
    }

    func testOnlyContactsStaffDeletePersonsAndOrganisations() async throws {
        try await eachServer { db, s in
            let agent = s.client()
            try await agent.login("alicia")
            let clerk = s.client()
            try await clerk.login("theresia")
            for table in ["contacts.Persons", "contacts.Companies", "contacts.Partners"] {
                let a = try await agent.get("/api/tables/\(table)")
                XCTAssertEqual(a.json?["canDelete"], false, "\(table) [\(db)]")
                XCTAssertEqual(a.json?["canUpdate"], true, "an integration agent still edits \(table) [\(db)]")
                let b = try await clerk.get("/api/tables/\(table)")
                XCTAssertEqual(b.json?["canDelete"], true, "contacts staff delete in \(table) [\(db)]")
            }
            var a = try await clerk.send("POST", "/api/tables/contacts.Persons/rows", json: ["values": ["first_name": "Tom", "last_name": "Temporary"]])
            XCTAssertEqual(a.status, 201, a.text)
            let id = a.json!["row"]!["id"]!.intValue!
            a = try await agent.send("DELETE", "/api/tables/contacts.Persons/rows/\(id)")
            XCTAssertEqual(a.status, 403, db)
            a = try await clerk.send("DELETE", "/api/tables/contacts.Persons/rows/\(id)")
            XCTAssertEqual(a.status, 200, a.text)
        }
    }

    func testCountriesShowTheirISOCode() async throws {
        try await eachServer { db, s in
            let c = s.client()
            try await c.login("rolf")
            var a = try await c.get("/api/tables/countries.Countries/rows?q=Belgien")
            XCTAssertEqual(a.json?["rows"]?[0]?["isocode"], "BE", db)
            a = try await c.get("/api/tables/countries.Countries/rows/DE")
            XCTAssertEqual(a.json?["row"]?["isocode"], "DE", db)
        }
    }

    func testAPlaceGivesAnEmptyCountryAndANewPlaceWithoutCountryIsReportedWithTheOtherErrors() async throws {
        try await eachServer { db, s in
            let c = s.client()
            try await c.login("theresia")
            var a = try await c.get("/api/tables/contacts.Persons/choices/city?q=Eupen")
            XCTAssertEqual(a.json?["rows"]?[0]?["fills"]?["country"]?["id"], "BE", "a place fills its country [\(db)]")
            XCTAssertEqual(a.json?["rows"]?[0]?["fills"]?["country"]?["text"], "Belgien", "with its text, in German [\(db)]")
            let eupen = try XCTUnwrap(a.json?["rows"]?[0]?["id"])
            a = try await c.send("POST", "/api/tables/contacts.Persons/rows", json: ["values": ["first_name": "Ida", "last_name": "Ohneland", "city": eupen]])
            XCTAssertEqual(a.status, 201, a.text)
            XCTAssertEqual(a.json?["row"]?["country"]?["id"], "BE", "an empty country is taken from the place [\(db)]")
            a = try await c.send("POST", "/api/tables/contacts.Persons/rows", json: ["values": [
                "first_name": "Ida", "email": "not-an-address", "city": ["create": "Irgendwo"]]])
            XCTAssertEqual(a.status, 422, a.text)
            let fields = a.json?["error"]?["fields"]?.objectValue?.keys.sorted() ?? []
            XCTAssertEqual(fields, ["city", "country", "email", "last_name"], "every error in one answer [\(db)] \(a.text)")
            a = try await c.get("/api/tables/countries.Places/rows?q=Irgendwo")
            XCTAssertEqual(a.json?["total"]?.intValue, 0, db)
        }
    }

    func testPlaceChoicesRankAPrefixInAnotherLanguageBeforeWhatOnlyContainsTheText() async throws {
        try await eachServer { db, s in
            let c = s.client()
            try await c.login("romain")
            let a = try await c.get("/api/tables/contacts.Persons/choices/city?q=Leu&ctx.country=BE")
            XCTAssertEqual(texts(a).first, "Louvain", "Leuven in Dutch [\(db)] \(texts(a))")
        }
    }

    func testBirthDatesInTheFutureAreRefused() async throws {
        try await eachServer { db, s in
            let c = s.client()
            try await c.login("rolf")
            var a = try await c.get("/api/tables/contacts.Persons")
            XCTAssertEqual(a.json?["fields"]?["birth_date"]?["past"], true, db)
            let p = try await belgianPerson(c)
            a = try await c.send("PUT", "/api/tables/contacts.Persons/rows/\(p.id)", json: ["version": .int(p.version), "values": ["birth_date": "2030-01-01"]])
            XCTAssertEqual(a.status, 422, a.text)
            XCTAssertTrue(a.json?["error"]?["fields"]?["birth_date"]?.stringValue?.contains("01.01.2030") ?? false, a.text)
            a = try await c.send("PUT", "/api/tables/contacts.Persons/rows/\(p.id)", json: ["version": .int(p.version), "values": ["birth_date": "1930-01-00", "national_id": .null]])
            XCTAssertEqual(a.status, 200, "an incomplete date in the past is fine [\(db)] \(a.text)")
        }
    }

    func testTheLoginScreenSpeaksTheBrowsersLanguage() async throws {
        try await eachServer { db, s in
            let c = s.client()
            var a = try await c.send("GET", "/auth/site?ids=Username,Password,Log+in", headers: ["Accept-Language": "nl-BE,nl;q=0.9,fr;q=0.8"])
            XCTAssertEqual(a.status, 200, a.text)
            XCTAssertEqual(a.json?["language"], "nl", db)
            XCTAssertEqual(a.json?["strings"]?["Password"], "Wachtwoord", db)
            XCTAssertNotEqual(a.json?["strings"]?["Log in"], "Log in", "a + is a space [\(db)]")
            XCTAssertNotNil(a.json?["siteName"]?.stringValue, db)
            a = try await c.send("GET", "/auth/site?lang=de&ids=Username", headers: ["Accept-Language": "fr"])
            XCTAssertEqual(a.json?["strings"]?["Username"], "Benutzername", "?lang= wins [\(db)]")
            a = try await c.send("GET", "/auth/site", headers: ["Accept-Language": "es-ES,es;q=0.9"])
            XCTAssertEqual(a.json?["language"], "en", "the site's default for other languages [\(db)]")
            a = try await c.send("POST", "/auth/login", json: ["username": "robin", "password": "wrong", "language": "fr"],
                                 headers: ["Accept-Language": "de"])
            XCTAssertEqual(a.status, 401, db)
            XCTAssertEqual(a.json?["error"]?["message"], "Nom d’utilisateur ou mot de passe incorrect.", "the login form's language [\(db)]")
        }
    }
}
