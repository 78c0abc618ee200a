import BeID
import BeIDTestSupport
import Foundation
import Lino
import Welfare
import XCTest

/// The social work core over a real socket, on SQLite and PostgreSQL: the user-type
/// matrix of the domain document, the client workflow, coachings, duplicates,
/// uploads with their reminders, deletes that keep history.
final class SocialCoreTests: XCTestCase {
    func eachServer(_ body: (String, TestServer) async throws -> Void) async throws {
        for (name, server) in try await TestServer.all(persons: 80, clients: 63) {
            do { try await body(name, server) } catch { XCTFail("[\(name)] \(error)") }
            await server.stop()
        }
    }

    func login(_ s: TestServer, _ user: String) async throws -> TestClient {
        let c = s.client()
        let a = try await c.login(user)
        XCTAssertEqual(a.status, 200, a.text)
        return c
    }

    func rows(_ a: TestClient.Answer) -> [JSON] { a.json?["rows"]?.arrayValue ?? [] }

    func client(_ c: TestClient, state: String) async throws -> JSON {
        let a = try await c.get("/api/tables/pcsw.Clients/rows?limit=1&sort=id&p.client_state=\(state)")
        return try XCTUnwrap(rows(a).first, "a client in state \(state): \(a.text)")
    }

    // MARK: - Who sees what (domain section 2)

    /// user -> (table, may open it)
    static let tableMatrix: [(String, String, Bool)] = [
        ("alicia", "pcsw.Clients", true), ("caroline", "pcsw.Clients", true), ("theresia", "pcsw.Clients", true),
        ("judith", "pcsw.Clients", true), ("kerstin", "pcsw.Clients", true),
        ("alicia", "coachings.MyCoachings", true), ("theresia", "coachings.MyCoachings", true),
        ("alicia", "notes.MyNotes", true), ("theresia", "notes.MyNotes", false),
        ("alicia", "uploads.MyExpiringUploads", true), ("theresia", "uploads.MyExpiringUploads", false),
        ("alicia", "pcsw.DispensesByClient", true), ("judith", "pcsw.DispensesByClient", false), ("caroline", "pcsw.DispensesByClient", false),
        ("alicia", "notes.Notes", false), ("melanie", "notes.Notes", true), ("robin", "notes.Notes", true),
        ("alicia", "coachings.CoachingTypes", true), ("alicia", "cal.Tasks", false), ("melanie", "cal.Tasks", true),
    ]

    /// user -> (detail tab label of pcsw.Clients, shown)
    static let tabMatrix: [(String, String, Bool)] = [
        ("alicia", "Job search", true), ("judith", "Job search", false), ("caroline", "Job search", false),
        ("alicia", "Misc", false), ("melanie", "Misc", true), ("theresia", "Misc", true), ("robin", "Misc", true),
        ("theresia", "History", true), ("theresia", "Coaches", true),
    ]

    func testEveryUserTypeGetsWhatTheDomainDocumentSays() async throws {
        try await eachServer { db, s in
            var clients: [String: TestClient] = [:]
            for user in Set(Self.tableMatrix.map(\.0) + Self.tabMatrix.map(\.0)) { clients[user] = try await login(s, user) }
            for (user, table, allowed) in Self.tableMatrix {
                let meta = try await clients[user]!.get("/api/tables/\(table)")
                let rows = try await clients[user]!.get("/api/tables/\(table)/rows?limit=1" + (table.contains("By") ? "&mk=1" : ""))
                XCTAssertEqual(meta.status == 200, allowed, "\(user) opens \(table): \(meta.status) [\(db)]")
                if !allowed { XCTAssertEqual(rows.status, 403, "\(user) reads rows of \(table) [\(db)]") }
            }
            for (user, tab, shown) in Self.tabMatrix {
                let meta = try await clients[user]!.get("/api/tables/pcsw.Clients")
                let labels = meta.json?["detail"]?["children"]?.arrayValue?.compactMap { $0["label"]?.stringValue } ?? []
                XCTAssertEqual(try shows(labels, tab), shown, "\(user) sees the tab \(tab): \(labels) [\(db)]")
            }
            // A note's body: social workers only, in rows, detail and search.
            let alicia = clients["alicia"]!, theresia = clients["theresia"]!
            let coached = try await client(alicia, state: "30")
            let id = coached["id"]!.intValue!
            let notes = try await alicia.get("/api/tables/notes.NotesByClient/rows?mk=\(id)")
            let noteID = try XCTUnwrap(rows(notes).first?["id"]?.intValue, db)
            let mine = try await alicia.get("/api/tables/notes.NotesByClient/rows/\(noteID)?mk=\(id)")
            XCTAssertNotNil(mine.json?["row"]?["body"], db)
            let theirs = try await theresia.get("/api/tables/notes.NotesByClient/rows/\(noteID)?mk=\(id)")
            XCTAssertEqual(theirs.status, 200, theirs.text)
            XCTAssertNil(theirs.json?["row"]?["body"], "a reception clerk does not get the body [\(db)]")
            let meta = try await theresia.get("/api/tables/notes.NotesByClient")
            XCTAssertNil(meta.json?["fields"]?["body"], db)
            // Refusing is for newcomer users (200), not for integration agents (100): 403 at the server.
            let newcomer = try await client(alicia, state: "10")
            let refused = try await alicia.send("POST", "/api/tables/pcsw.Clients/actions/refuse_client",
                                                json: ["ids": [newcomer["id"]!], "params": ["reason": "10"]])
            XCTAssertEqual(refused.status, 403, db)
        }
    }

    /// The English labels of translated tab labels (the users work in fr and de).
    /// Whether the English label `tab` is among labels shown in French or German
    /// (translated with the site's catalogues as it loaded them: its own and its plugins').
    func shows(_ labels: [String], _ tab: String) throws -> Bool {
        let localizer = try WelfareSite.make(localesDirectory: TestServer.locales).localizer
        return labels.contains(tab) || labels.contains(localizer.t(tab, "fr")) || labels.contains(localizer.t(tab, "de"))
    }

    // MARK: - Workflow (domain section 5)

    func testClientStatesFollowTheWorkflowWithNotesAndQuestions() async throws {
        try await eachServer { db, s in
            let caroline = try await login(s, "caroline")
            let newcomer = try await client(caroline, state: "10")
            let id = newcomer["id"]!
            var a = try await caroline.send("POST", "/api/tables/pcsw.Clients/actions/refuse_client", json: ["ids": [id]])
            XCTAssertEqual(a.status, 422, db)
            XCTAssertNotNil(a.json?["error"]?["fields"]?["reason"], "the reason is asked [\(db)]")
            a = try await caroline.send("POST", "/api/tables/pcsw.Clients/actions/refuse_client",
                                        json: ["ids": [id], "params": ["reason": "20", "remark": "Lives in Liège"]])
            XCTAssertEqual(a.status, 200, a.text)
            a = try await caroline.get("/api/tables/pcsw.Clients/rows/\(id.intValue!)?nav=0")
            XCTAssertEqual(a.json?["row"]?["client_state"]?["id"], "20", db)
            a = try await caroline.get("/api/tables/notes.NotesByClient/rows?mk=\(id.intValue!)")
            let note = try XCTUnwrap(rows(a).first, db)
            XCTAssertTrue(note["subject"]?.stringValue?.contains("Caroline Carnol") == true, "\(note) [\(db)]")
            let body = try await caroline.get("/api/tables/notes.NotesByClient/rows/\(note["id"]!.intValue!)?mk=\(id.intValue!)")
            XCTAssertTrue(body.json?["row"]?["body"]?.stringValue?.contains("Liège") == true, "the remark is noted [\(db)]")
            // Not from this state again.
            a = try await caroline.send("POST", "/api/tables/pcsw.Clients/actions/refuse_client", json: ["ids": [id], "params": ["reason": "20"]])
            XCTAssertEqual(a.status, 403, db)
            // Former: asks, naming how many coachings end, then ends them.
            let coached = try await client(caroline, state: "30")
            let cid = coached["id"]!.intValue!
            let open = rows(try await caroline.get("/api/tables/coachings.CoachingsByClient/rows?mk=\(cid)")).filter { $0["end_date"] == .null }
            XCTAssertFalse(open.isEmpty, db)
            a = try await caroline.send("POST", "/api/tables/pcsw.Clients/actions/mark_former", json: ["ids": [.int(cid)]])
            XCTAssertEqual(a.json?["confirm"]?.stringValue?.contains(String(open.count)), true, "\(a.text) [\(db)]")
            a = try await caroline.get("/api/tables/pcsw.Clients/rows/\(cid)?nav=0")
            XCTAssertEqual(a.json?["row"]?["client_state"]?["id"], "30", "the question changed nothing [\(db)]")
            a = try await caroline.send("POST", "/api/tables/pcsw.Clients/actions/mark_former", json: ["ids": [.int(cid)], "confirmed": true])
            XCTAssertEqual(a.status, 200, a.text)
            let after = rows(try await caroline.get("/api/tables/coachings.CoachingsByClient/rows?mk=\(cid)"))
            XCTAssertTrue(after.allSatisfy { $0["end_date"] != .null }, "every coaching ended [\(db)]")
            // The state is not typed in a form.
            let row = try await caroline.get("/api/tables/pcsw.Clients/rows/\(cid)?nav=0")
            a = try await caroline.send("PUT", "/api/tables/pcsw.Clients/rows/\(cid)",
                                        json: ["version": row.json!["row"]!["version"]!, "values": ["client_state": "30"]])
            XCTAssertEqual(a.status, 422, db)
        }
    }

    // MARK: - Coachings (domain section 6)

    func testOnePrimaryCoachingAndActivePeriods() async throws {
        try await eachServer { db, s in
            let alicia = try await login(s, "alicia")
            let coached = try await client(alicia, state: "30")
            let cid = coached["id"]!.intValue!
            var a = try await alicia.send("POST", "/api/tables/coachings.CoachingsByClient/rows?mk=\(cid)",
                                          json: ["values": ["start_date": "2026-01-05", "end_date": "2025-12-31"]])
            XCTAssertEqual(a.status, 422, db)
            XCTAssertNotNil(a.json?["error"]?["fields"]?["end_date"], "end before start names the field [\(db)]")
            a = try await alicia.send("POST", "/api/tables/coachings.CoachingsByClient/rows?mk=\(cid)",
                                      json: ["values": ["start_date": "2020-01-01", "end_date": "2020-06-30", "primary": true]])
            XCTAssertEqual(a.status, 201, a.text)
            XCTAssertEqual(a.json?["row"]?["user"]?["text"], "Alicia Allmanns", "the coach defaults to the user [\(db)]")
            let all = rows(try await alicia.get("/api/tables/coachings.CoachingsByClient/rows?mk=\(cid)"))
            XCTAssertEqual(all.filter { $0["primary"] == .bool(true) }.count, 1, "one primary coaching [\(db)]")
            // Active in a period: started by its end, not ended before its start.
            func count(_ query: String) async throws -> Int {
                Int(try await alicia.get("/api/tables/pcsw.Clients/rows?limit=1&p.coached_by=1&" + query).json?["total"]?.intValue ?? -1)
            }
            let in2020 = try await count("p.start_date=2020-06-30&p.end_date=2020-12-31")
            let after2020 = try await count("p.start_date=2020-07-01&p.end_date=2020-12-31")
            XCTAssertEqual(in2020 - after2020, 1, "the coaching ending on 30.06.2020 is active that day, not the day after [\(db)]")
        }
    }

    /// A client's dates remind its primary coach a month (or two, for the eID card)
    /// before; the reminder moves with the date, goes to the next primary coach, and
    /// leaves when the date is cleared (domain section 5).
    func testAClientRemindsItsPrimaryCoachOfItsDates() async throws {
        try await eachServer { db, s in
            let alicia = try await login(s, "alicia")
            let hubert = try await login(s, "hubert")
            let cid = try await client(alicia, state: "30")["id"]!.intValue!
            let today = ISODates.today()
            var a = try await alicia.send("POST", "/api/tables/coachings.CoachingsByClient/rows?mk=\(cid)",
                                          json: ["values": ["start_date": .string(today), "primary": true]])
            XCTAssertEqual(a.status, 201, a.text)
            func put(_ who: TestClient, _ values: JSONObject) async throws {
                let row = try await who.get("/api/tables/pcsw.Clients/rows/\(cid)?nav=0")
                let a = try await who.send("PUT", "/api/tables/pcsw.Clients/rows/\(cid)",
                                           json: ["version": row.json!["row"]!["version"]!, "values": .object(values)])
                XCTAssertEqual(a.status, 200, a.text)
            }
            func reminders(_ who: TestClient) async throws -> [JSON] {
                rows(try await who.get("/api/tables/cal.MyTasks/rows?limit=500")).filter { $0["project"]?["id"]?.intValue == cid }
            }
            let back = ISODates.adding(months: 3, to: today)!, moved = ISODates.adding(months: 4, to: today)!
            try await put(alicia, ["unavailable_until": .string(back), "work_permit_suspended_until": .string(moved)])
            var mine = try await reminders(alicia)
            XCTAssertEqual(Set(mine.compactMap { $0["summary"]?.stringValue }),
                           ["redevient disponible dans 1 mois", "la suspension du permis de travail prend fin dans 1 mois"],
                           "in the coach's language [\(db)]")
            XCTAssertEqual(mine.first { $0["summary"] == "redevient disponible dans 1 mois" }?["due_date"]?.stringValue,
                           ISODates.adding(months: -1, to: back), "a month before [\(db)]")
            try await put(alicia, ["unavailable_until": .string(moved)])
            mine = try await reminders(alicia)
            XCTAssertEqual(mine.count, 2, "moved, not added [\(db)]")
            XCTAssertEqual(Set(mine.compactMap { $0["due_date"]?.stringValue }), [ISODates.adding(months: -1, to: moved)!], db)
            // Hubert becomes the primary coach: the reminders are his now, in German.
            a = try await hubert.send("POST", "/api/tables/coachings.CoachingsByClient/rows?mk=\(cid)",
                                      json: ["values": ["start_date": .string(today), "primary": true]])
            XCTAssertEqual(a.status, 201, a.text)
            let count = try await reminders(alicia).count
            XCTAssertEqual(count, 0, "no longer Alicia's [\(db)]")
            let his = try await reminders(hubert)
            XCTAssertEqual(Set(his.compactMap { $0["summary"]?.stringValue }),
                           ["ist in 1 Monat wieder verfügbar", "Aussetzung der Arbeitserlaubnis endet in 1 Monat"], db)
            try await put(hubert, ["unavailable_until": .null, "work_permit_suspended_until": .null])
            let left = try await reminders(hubert).count
            XCTAssertEqual(left, 0, "a cleared date leaves no reminder [\(db)]")
        }
    }

    /// "Observed event" finds the clients with a dispense or a penalty in force some day
    /// of the period (none given: today), as the demo data has around today.
    func testObservedDispensesAndPenaltiesAreThoseInForceInThePeriod() async throws {
        try await eachServer { db, s in
            let alicia = try await login(s, "alicia")
            for (event, slave, from, until) in [("dispense", "pcsw.DispensesByClient", "start_date", "end_date"),
                                                ("penalty", "pcsw.ExclusionsByClient", "excluded_from", "excluded_until")] {
                let found = rows(try await alicia.get("/api/tables/pcsw.Clients/rows?limit=100&p.observed_event=\(event)"))
                XCTAssertFalse(found.isEmpty, "\(event) [\(db)]")
                let today = ISODates.today()
                for c in found.prefix(3) {
                    let id = c["id"]!.intValue!
                    let held = rows(try await alicia.get("/api/tables/\(slave)/rows?mk=\(id)"))
                    XCTAssertTrue(held.contains { ($0[from]?.stringValue ?? "") <= today && ($0[until]?.stringValue ?? "9999") >= today },
                                  "\(event) in force today for \(c["name"] ?? .null): \(held) [\(db)]")
                }
                let past = try await alicia.get("/api/tables/pcsw.Clients/rows?limit=1&p.observed_event=\(event)&p.start_date=2001-01-01&p.end_date=2001-12-31")
                XCTAssertEqual(past.json?["total"], 0, "none in 2001 [\(db)]")
            }
        }
    }

    /// Combos and text filters ignore case and accents, on models without a search index
    /// too: a user typing without accents finds Liège, a permis de séjour, the États-Unis.
    func testCombosFindWhatIsTypedWithoutAccents() async throws {
        try await eachServer { db, s in
            let alicia = try await login(s, "alicia")
            func texts(_ path: String) async throws -> [String] {
                rows(try await alicia.get(path)).compactMap { $0["text"]?.stringValue }
            }
            for q in ["liege", "LIEGE", "Liège"] {
                let found = try await texts("/api/tables/pcsw.Clients/choices/city?q=\(q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
                XCTAssertTrue(found.contains("Liège"), "\(q): \(found) [\(db)]")
            }
            let types = try await texts("/api/tables/uploads.UploadsByClient/choices/type?q=sejour")
            XCTAssertTrue(types.contains("Permis de séjour"), "\(types) [\(db)]")
            let countries = try await texts("/api/tables/pcsw.Clients/choices/nationality?q=etats")
            XCTAssertTrue(countries.contains { $0.hasPrefix("États-Unis") }, "\(countries) [\(db)]")
            // A grid's text filter too.
            let filter = "[{\"field\":\"name\",\"op\":\"contains\",\"value\":\"liege\"}]".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let places = rows(try await alicia.get("/api/tables/countries.Places/rows?limit=10&filter=\(filter)"))
            XCTAssertTrue(places.contains { $0["name"]?["fr"]?.stringValue == "Liège" }, "\(places.map { $0["name"] ?? .null }) [\(db)]")
        }
    }

    // MARK: - Duplicates and bad input

    func testSimilarClientsAreNamedBeforeAnInsertAndBadNumbersRefused() async throws {
        try await eachServer { db, s in
            let caroline = try await login(s, "caroline")
            let values: JSON = ["first_name": "Dorothée", "last_name": "Dupont", "gender": "F", "language": "fr"]
            var a = try await caroline.send("POST", "/api/tables/pcsw.Clients/rows", json: ["values": values])
            XCTAssertEqual(a.status, 200, db)
            let question = a.json?["confirm"]?.stringValue ?? ""
            XCTAssertTrue(question.contains("DUPOND") && question.contains("DUPONT"), "\(question) [\(db)]")
            a = try await caroline.send("POST", "/api/tables/pcsw.Clients/rows", json: ["values": values, "confirmed": true])
            XCTAssertEqual(a.status, 201, a.text)
            XCTAssertEqual(a.json?["row"]?["client_state"]?["id"], "10", "a new client is a newcomer [\(db)]")
            a = try await caroline.send("POST", "/api/tables/pcsw.Clients/rows",
                                        json: ["values": ["first_name": "Zoé", "last_name": "Zzyzx", "national_id": "960715 002-62"], "confirmed": true])
            XCTAssertEqual(a.status, 422, db)
            XCTAssertNotNil(a.json?["error"]?["fields"]?["national_id"], "a wrong checksum names the field [\(db)]")
            // A number already in use: the mistake is reported, not a question whose Yes would fail.
            let listed = rows(try await caroline.get("/api/tables/pcsw.Clients/rows?limit=50&sort=id"))
            let taken = try XCTUnwrap(listed.compactMap { $0["national_id"]?.stringValue }.first, db)
            let before = try await caroline.get("/api/tables/pcsw.Clients/rows?limit=1").json?["total"]
            a = try await caroline.send("POST", "/api/tables/pcsw.Clients/rows",
                                        json: ["values": ["first_name": "Dorothée", "last_name": "Dupont", "national_id": .string(taken)]])
            XCTAssertEqual(a.status, 422, a.text)
            XCTAssertNil(a.json?["confirm"], db)
            XCTAssertNotNil(a.json?["error"]?["fields"]?["national_id"], "the number in use names the field [\(db)]")
            let after = try await caroline.get("/api/tables/pcsw.Clients/rows?limit=1").json?["total"]
            XCTAssertEqual(before, after, "nothing stored [\(db)]")
        }
    }

    /// "check": the shell asks the server about the values it found no fault with
    /// while it shows its own errors; nothing is ever stored by such a request.
    func testACheckRequestReportsErrorsAndStoresNothing() async throws {
        try await eachServer { db, s in
            let caroline = try await login(s, "caroline")
            let count = { try await caroline.get("/api/tables/pcsw.Clients/rows?limit=1").json?["total"]?.intValue }
            let before = try await count()
            var a = try await caroline.send("POST", "/api/tables/pcsw.Clients/rows",
                                            json: ["values": ["first_name": "Zoé", "last_name": "Zzyzx", "gender": "F"], "check": true])
            XCTAssertEqual(a.status, 200, a.text)
            XCTAssertEqual(a.json?["checked"], .bool(true), db)
            a = try await caroline.send("POST", "/api/tables/pcsw.Clients/rows",
                                        json: ["values": ["first_name": "Zoé", "last_name": "Zzyzx", "national_id": "960715 002-62"], "check": true])
            XCTAssertEqual(a.status, 422, db)
            XCTAssertNotNil(a.json?["error"]?["fields"]?["national_id"], "[\(db)] \(a.text)")
            let after = try await count()
            XCTAssertEqual(after, before, "a check stores nothing [\(db)]")

            let client = try await self.client(caroline, state: "10")
            let id = try XCTUnwrap(client["id"]?.intValue)
            let detail = try await caroline.get("/api/tables/pcsw.Clients/rows/\(id)")
            let version = try XCTUnwrap(detail.json?["row"]?["version"]?.intValue)
            let phone = detail.json?["row"]?["phone"]
            a = try await caroline.send("PUT", "/api/tables/pcsw.Clients/rows/\(id)",
                                        json: ["version": .int(version), "values": ["phone": "0470 12 34 56"], "check": true])
            XCTAssertEqual(a.status, 200, a.text)
            XCTAssertEqual(a.json?["checked"], .bool(true), db)
            a = try await caroline.send("PUT", "/api/tables/pcsw.Clients/rows/\(id)",
                                        json: ["version": .int(version), "values": ["phone": "0470 12 34 57", "national_id": "960715 002-62"], "check": true])
            XCTAssertEqual(a.status, 422, db)
            let again = try await caroline.get("/api/tables/pcsw.Clients/rows/\(id)")
            XCTAssertEqual(again.json?["row"]?["version"]?.intValue, version, "[\(db)] no version bump")
            XCTAssertEqual(again.json?["row"]?["phone"], phone, "[\(db)] nothing stored")
        }
    }

    /// A parameter's own rule holds for the grid's request (no negative age).
    func testAParameterOutOfItsRangeIsRefusedByName() async throws {
        try await eachServer { db, s in
            let alicia = try await login(s, "alicia")
            let a = try await alicia.get("/api/tables/pcsw.Clients/rows?limit=1&p.aged_from=-3")
            XCTAssertEqual(a.status, 400, db)
            XCTAssertTrue(a.text.contains("négatif") && a.text.contains("aged_from"), "[\(db)] \(a.text)")
        }
    }

    func testAClientWithHistoryIsNotDeletedAndAClientWithoutIs() async throws {
        try await eachServer { db, s in
            let robin = try await login(s, "robin")
            let coached = try await client(robin, state: "30")
            var a = try await robin.send("DELETE", "/api/tables/pcsw.Clients/rows/\(coached["id"]!.intValue!)")
            XCTAssertEqual(a.status, 409, db)
            XCTAssertTrue(a.json?["error"]?["message"]?.stringValue?.contains("Note") == true, "the reason names the notes: \(a.text) [\(db)]")
            a = try await robin.send("POST", "/api/tables/pcsw.Clients/rows",
                                     json: ["values": ["first_name": "Quentin", "last_name": "Quixotte"], "confirmed": true])
            let id = try XCTUnwrap(a.json?["row"]?["id"]?.intValue, a.text)
            _ = try await robin.send("POST", "/api/tables/coachings.CoachingsByClient/rows?mk=\(id)", json: ["values": ["start_date": "2026-01-01"]])
            a = try await robin.send("DELETE", "/api/tables/pcsw.Clients/rows/\(id)")
            XCTAssertEqual(a.status, 200, a.text)
            let words = try await s.store.read { r in try r.count("dupable.PhoneticWord", where: [.equals("client", .int(id))]) }
            let coachings = try await s.store.read { r in try r.count("coachings.Coaching", where: [.equals("client", .int(id))]) }
            XCTAssertEqual(words + coachings, 0, "volatile rows cascade [\(db)]")
        }
    }

    // MARK: - Uploads (domain section 10)

    func testTheExpiryRuleCountsBackFromTheEndDate() {
        XCTAssertEqual(ExpiryReminder.day(endDate: "2026-08-30", unit: "M", value: 2), "2026-06-30")
        XCTAssertEqual(ExpiryReminder.day(endDate: "2026-08-31", unit: "M", value: 2), "2026-06-30", "no 31 June")
        XCTAssertEqual(ExpiryReminder.day(endDate: "2024-04-30", unit: "M", value: 2), "2024-02-29", "leap year")
        XCTAssertEqual(ExpiryReminder.day(endDate: "2025-04-30", unit: "M", value: 2), "2025-02-28")
        XCTAssertEqual(ExpiryReminder.day(endDate: "2026-01-15", unit: "M", value: 2), "2025-11-15", "across the year")
        XCTAssertEqual(ExpiryReminder.day(endDate: "2024-02-29", unit: "Y", value: 1), "2023-02-28")
        XCTAssertEqual(ExpiryReminder.day(endDate: "2026-03-01", unit: "D", value: 1), "2026-02-28")
        XCTAssertEqual(ExpiryReminder.day(endDate: "2026-03-04", unit: "W", value: 1), "2026-02-25")
        XCTAssertNil(ExpiryReminder.day(endDate: "2026-03-04", unit: "", value: 1))
    }

    func testUploadsAreServedOnlyToThoseWhoSeeTheClientAndRemindTheirUploader() async throws {
        try await eachServer { db, s in
            let alicia = try await login(s, "alicia")
            let coached = try await client(alicia, state: "30")
            let cid = coached["id"]!.intValue!
            let pdf = Data("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".utf8)
            var a = try await alicia.send("POST", "/api/files", raw: pdf, headers: ["Content-Type": "application/pdf", "X-File-Name": "permis%20de%20travail.pdf"])
            XCTAssertEqual(a.status, 201, a.text)
            let token = try XCTUnwrap(a.json?["token"]?.stringValue, db)
            XCTAssertEqual(a.json?["name"], "permis de travail.pdf", db)
            // A text file named .pdf, and a file over the limit.
            a = try await alicia.send("POST", "/api/files", raw: Data("not a pdf".utf8), headers: ["X-File-Name": "fake.pdf"])
            XCTAssertEqual(a.status, 415, db)
            a = try await alicia.send("POST", "/api/files", raw: Data(count: 300 * 1024), headers: ["X-File-Name": "big.pdf"])
            XCTAssertEqual(a.status, 413, db)
            let types = rows(try await alicia.get("/api/tables/uploads.UploadTypes/rows?limit=20"))
            let permit = try XCTUnwrap(types.first { ($0["warn_expiry_unit"]?["id"]) == "M" }?["id"], db)
            // A check, then a save refused for another field: the staged file stays for the next try.
            a = try await alicia.send("POST", "/api/tables/uploads.UploadsByClient/rows?mk=\(cid)",
                                      json: ["values": ["file": ["token": .string(token)], "type": permit], "check": true])
            XCTAssertEqual(a.status, 200, a.text)
            a = try await alicia.send("POST", "/api/tables/uploads.UploadsByClient/rows?mk=\(cid)",
                                      json: ["values": ["file": ["token": .string(token)], "type": permit, "end_date": "2027-02-30"]])
            XCTAssertEqual(a.status, 422, a.text)
            XCTAssertNil(a.json?["error"]?["fields"]?["file"], "[\(db)] \(a.text)")
            a = try await alicia.send("POST", "/api/tables/uploads.UploadsByClient/rows?mk=\(cid)",
                                      json: ["values": ["file": ["token": .string(token)], "type": permit, "end_date": "2027-08-31"]])
            XCTAssertEqual(a.status, 201, a.text)
            let upload = try XCTUnwrap(a.json?["row"], db)
            let url = try XCTUnwrap(upload["file"]?["url"]?.stringValue, "\(upload) [\(db)]")
            // Its reminder: two months before, for the uploader.
            var tasks = rows(try await alicia.get("/api/tables/cal.MyTasks/rows?limit=100"))
            XCTAssertTrue(tasks.contains { $0["due_date"] == "2027-06-30" }, "\(tasks.map { $0["due_date"] ?? .null }) [\(db)]")
            a = try await alicia.send("PUT", "/api/tables/uploads.UploadsByClient/rows/\(upload["id"]!.intValue!)",
                                      json: ["version": upload["version"]!, "values": ["end_date": "2027-10-15"]])
            XCTAssertEqual(a.status, 200, a.text)
            tasks = rows(try await alicia.get("/api/tables/cal.MyTasks/rows?limit=100"))
            XCTAssertTrue(tasks.contains { $0["due_date"] == "2027-08-15" }, "the reminder moved [\(db)]")
            XCTAssertFalse(tasks.contains { $0["due_date"] == "2027-06-30" }, db)
            // The file: to her inline, as a PDF; to nobody without a session or without the client.
            a = try await alicia.get(url)
            XCTAssertEqual(a.status, 200, db)
            XCTAssertEqual(a.headers["content-type"], "application/pdf", db)
            XCTAssertEqual(a.data, pdf, db)
            XCTAssertTrue(a.headers["content-disposition"]?.hasPrefix("inline") == true, db)
            a = try await alicia.get(url + "?download=1")
            XCTAssertTrue(a.headers["content-disposition"]?.hasPrefix("attachment") == true, db)
            a = try await s.client().get(url)
            XCTAssertEqual(a.status, 401, db)
            a = try await alicia.get(url.replacingOccurrences(of: "/file/file", with: "/file/description"))
            XCTAssertEqual(a.status, 404, db)
            let robin = try await login(s, "robin")
            a = try await robin.send("POST", "/api/tables/users.AllUsers/rows",
                                     json: ["values": ["username": "wilfried", "user_type": "500", "language": "de"]])
            XCTAssertEqual(a.status, 201, a.text)
            _ = try await robin.send("POST", "/api/tables/users.AllUsers/actions/set_password",
                                     json: ["ids": [a.json!["row"]!["id"]!], "params": ["new_password": "accounting1"]])
            let wilfried = s.client()
            _ = try await wilfried.login("wilfried", "accounting1")
            a = try await wilfried.get(url)
            XCTAssertEqual(a.status, 403, "an accountant may not open the clients' documents [\(db)]")
            // Deleting the upload removes its reminder.
            a = try await alicia.send("DELETE", "/api/tables/uploads.UploadsByClient/rows/\(upload["id"]!.intValue!)")
            XCTAssertEqual(a.status, 200, a.text)
            tasks = rows(try await alicia.get("/api/tables/cal.MyTasks/rows?limit=100"))
            XCTAssertFalse(tasks.contains { $0["due_date"] == "2027-08-15" }, db)
            a = try await alicia.get(url)
            XCTAssertEqual(a.status, 404, db)
        }
    }

    // MARK: - eID on clients, through the one writer

    func helperAnswer(_ files: CardFiles) -> JSON {
        var o = JSONObject()
        for (k, v) in files.base64.sorted(by: { $0.key < $1.key }) { o[k] = .string(v) }
        return .object(["helper": "test", "reader": "Virtual PCD 00 00", "files": .object(o)])
    }

    func testACardReadOnClientsMakesANewcomerAndAnOpenAddressFormGetsAConflict() async throws {
        try await eachServer { db, s in
            let clerk = try await login(s, "theresia")
            let card = helperAnswer(SampleCard.files())
            var a = try await clerk.send("POST", "/api/services/beid/preview", json: ["card": card, "table": "pcsw.Clients"])
            XCTAssertEqual(a.json?["action"], "create", a.text)
            a = try await clerk.send("POST", "/api/services/beid/apply", json: ["card": card, "action": "create", "table": "pcsw.Clients"])
            XCTAssertEqual(a.status, 200, a.text)
            XCTAssertEqual(a.json?["table"], "pcsw.Clients", db)
            let id = try XCTUnwrap(a.json?["id"]?.intValue, db)
            a = try await clerk.get("/api/tables/pcsw.Clients/rows/\(id)?nav=0")
            XCTAssertEqual(a.json?["row"]?["client_state"]?["id"], "10", "a new card holder is a newcomer [\(db)]")
            XCTAssertEqual(a.json?["row"]?["eid_info"]?.stringValue?.contains("591413288107"), true, "\(a.text) [\(db)]")
            // Someone opens the eID address; meanwhile a new card moves the person.
            let addresses = rows(try await clerk.get("/api/tables/contacts.AddressesByPartner/rows?mk=\(id)"))
            let address = try XCTUnwrap(addresses.first, db)
            let moved = helperAnswer(SampleCard.files(address: SampleCard.encode([0x00: [0x01], 0x01: Array("Hauptstraße 45".utf8),
                                                                                  0x02: Array("4700".utf8), 0x03: Array("Eupen".utf8)])))
            a = try await clerk.send("POST", "/api/services/beid/preview", json: ["card": moved, "person": .int(id), "table": "pcsw.Clients"])
            a = try await clerk.send("POST", "/api/services/beid/apply",
                                     json: ["card": moved, "action": "update", "person": .int(id), "version": a.json!["person"]!["version"]!,
                                            "table": "pcsw.Clients"])
            XCTAssertEqual(a.status, 200, a.text)
            a = try await clerk.send("PUT", "/api/tables/contacts.AddressesByPartner/rows/\(address["id"]!.intValue!)",
                                     json: ["version": address["version"]!, "values": ["street": "Rue de l'Église"],
                                            "base": ["street": address["street"]!]])
            XCTAssertEqual(a.status, 409, "the intake's change is not overwritten: \(a.text) [\(db)]")
        }
    }

    /// A card holder known as a person but not as a client, read on Clients, becomes a
    /// client: the same partner, a newcomer, with phonetic keys and in the clients' search.
    func testACardReadOnClientsMakesAKnownPersonAClient() async throws {
        try await eachServer { db, s in
            let robin = try await login(s, "robin")
            let card = helperAnswer(SampleCard.files())
            var a = try await robin.send("POST", "/api/services/beid/apply", json: ["card": card, "action": "create", "table": "contacts.Persons"])
            XCTAssertEqual(a.status, 200, a.text)
            let id = try XCTUnwrap(a.json?["id"]?.intValue, db)
            a = try await robin.get("/api/tables/pcsw.Clients/rows/\(id)?nav=0")
            XCTAssertEqual(a.status, 404, "a person, not a client yet [\(db)]")

            let clerk = try await login(s, "theresia")
            a = try await clerk.send("POST", "/api/services/beid/preview", json: ["card": card, "table": "pcsw.Clients"])
            XCTAssertEqual(a.json?["action"], "extend", a.text)
            XCTAssertEqual(a.json?["person"]?["id"]?.intValue, id, db)
            let version = try XCTUnwrap(a.json?["person"]?["version"], db)
            // a stale version is refused, nothing is half-made
            a = try await clerk.send("POST", "/api/services/beid/apply",
                                     json: ["card": card, "action": "extend", "person": .int(id), "version": .int((version.intValue ?? 0) + 7),
                                            "table": "pcsw.Clients"])
            XCTAssertEqual(a.status, 409, "[\(db)] \(a.text)")
            a = try await clerk.get("/api/tables/pcsw.Clients/rows/\(id)?nav=0")
            XCTAssertEqual(a.status, 404, "[\(db)] still not a client")
            a = try await clerk.send("POST", "/api/services/beid/apply",
                                     json: ["card": card, "action": "extend", "person": .int(id), "version": version, "table": "pcsw.Clients"])
            XCTAssertEqual(a.status, 200, a.text)
            XCTAssertEqual(a.json?["id"]?.intValue, id, "the same partner [\(db)]")
            a = try await clerk.get("/api/tables/pcsw.Clients/rows/\(id)?nav=0")
            XCTAssertEqual(a.json?["row"]?["client_state"]?["id"], "10", "a newcomer [\(db)] \(a.text)")
            XCTAssertEqual(a.json?["row"]?["national_id"], "850730 033-28", "[\(db)] \(a.text)")
            a = try await clerk.get("/api/tables/pcsw.Clients/rows?q=lambert&limit=20")
            XCTAssertTrue(rows(a).contains { $0["id"]?.intValue == id }, "found by the clients' search [\(db)] \(a.text)")
            // the phonetic keys were made: a namesake being created is warned of this client
            a = try await clerk.send("POST", "/api/tables/pcsw.Clients/rows",
                                     json: ["values": ["first_name": "Françoise", "last_name": "Lambert", "gender": "F"]])
            XCTAssertNotNil(a.json?["confirm"], "[\(db)] \(a.text)")
            XCTAssertTrue(a.text.contains("LAMB"), "[\(db)] \(a.text)")
            a = try await clerk.send("POST", "/api/services/beid/preview", json: ["card": card, "table": "pcsw.Clients"])
            XCTAssertEqual(a.json?["action"], "uptodate", a.text)
        }
    }

    func testMakeAClientOnAPersonKeepsTheIdAsksForTheClientsEditRolesAndNamesSimilarClients() async throws {
        try await eachServer { db, s in
            let robin = try await login(s, "robin")
            var a = try await robin.send("POST", "/api/tables/contacts.Persons/rows",
                                         json: ["values": ["first_name": "Ottilie", "last_name": "Quenneville", "gender": "F"]])
            XCTAssertEqual(a.status, 201, a.text)
            let id = try XCTUnwrap(a.json?["row"]?["id"]?.intValue, db)
            // an accountant sees persons but may not make them clients: refused by the server
            a = try await robin.send("POST", "/api/tables/users.AllUsers/rows",
                                     json: ["values": ["username": "wendelin", "user_type": "500", "language": "nl"]])
            XCTAssertEqual(a.status, 201, a.text)
            _ = try await robin.send("POST", "/api/tables/users.AllUsers/actions/set_password",
                                     json: ["ids": [a.json!["row"]!["id"]!], "params": ["new_password": "accounting2"]])
            let wendelin = s.client()
            _ = try await wendelin.login("wendelin", "accounting2")
            a = try await wendelin.get("/api/tables/contacts.Persons/rows/\(id)?nav=0")
            XCTAssertEqual(a.status, 200, "[\(db)] \(a.text)")
            a = try await wendelin.send("POST", "/api/tables/contacts.Persons/actions/make_client", json: ["ids": [.int(id)]])
            XCTAssertEqual(a.status, 403, "[\(db)] \(a.text)")
            a = try await robin.get("/api/tables/pcsw.Clients/rows/\(id)?nav=0")
            XCTAssertEqual(a.status, 404, "[\(db)] nothing was made")

            a = try await robin.send("POST", "/api/tables/contacts.Persons/actions/make_client", json: ["ids": [.int(id)]])
            XCTAssertEqual(a.status, 200, a.text)
            XCTAssertEqual(a.json?["open"]?["table"], "pcsw.Clients", "[\(db)] \(a.text)")
            XCTAssertEqual(a.json?["open"]?["id"]?.intValue, id, "[\(db)] \(a.text)")
            XCTAssertTrue(a.json?["message"]?.stringValue?.contains("is now a client") == true, "[\(db)] \(a.text)")
            a = try await robin.get("/api/tables/pcsw.Clients/rows/\(id)?nav=0")
            XCTAssertEqual(a.json?["row"]?["client_state"]?["id"], "10", "a newcomer [\(db)] \(a.text)")
            XCTAssertEqual(a.json?["row"]?["last_name"], "Quenneville", "[\(db)] \(a.text)")
            a = try await robin.get("/api/tables/pcsw.Clients/rows?q=quenneville&limit=20")
            XCTAssertEqual(rows(a).map { $0["id"]?.intValue }, [id], "found by the clients' search [\(db)] \(a.text)")
            a = try await robin.send("POST", "/api/tables/contacts.Persons/actions/make_client", json: ["ids": [.int(id)]])
            XCTAssertEqual(a.status, 200, a.text)
            XCTAssertTrue(a.json?["message"]?.stringValue?.contains("already a client") == true, "[\(db)] \(a.text)")
            a = try await robin.get("/api/tables/pcsw.Clients/rows?q=quenneville&limit=20")
            XCTAssertEqual(rows(a).count, 1, "not made twice [\(db)]")

            // A second Ottilie Quenneville: the similar client is named first, nothing is made
            // until the user confirms (as when a client is created).
            a = try await robin.send("POST", "/api/tables/contacts.Persons/rows",
                                     json: ["values": ["first_name": "Ottilie", "last_name": "Quennevile", "gender": "F"]])
            let twin = try XCTUnwrap(a.json?["row"]?["id"]?.intValue, db)
            a = try await robin.send("POST", "/api/tables/contacts.Persons/actions/make_client", json: ["ids": [.int(twin)]])
            XCTAssertEqual(a.status, 200, a.text)
            let question = a.json?["confirm"]?.stringValue ?? ""
            XCTAssertTrue(question.contains("1 similar client") && question.contains("QUENNEVILLE Ottilie"), "[\(db)] \(a.text)")
            a = try await robin.get("/api/tables/pcsw.Clients/rows/\(twin)?nav=0")
            XCTAssertEqual(a.status, 404, "[\(db)] not made before the answer")
            a = try await robin.send("POST", "/api/tables/contacts.Persons/actions/make_client", json: ["ids": [.int(twin)], "confirmed": true])
            XCTAssertTrue(a.json?["message"]?.stringValue?.contains("is now a client") == true, "[\(db)] \(a.text)")
            a = try await robin.get("/api/tables/pcsw.Clients/rows/\(twin)?nav=0")
            XCTAssertEqual(a.status, 200, "[\(db)] made once confirmed")
        }
    }

    /// Every sortable column of every table sorts, both ways, on a page (a foreign key
    /// sorts by its target's text, joined into the page's key query too).
    func testEveryColumnOfEveryTableSortsBothWays() async throws {
        try await eachServer { db, s in
            let robin = try await login(s, "robin")
            let site = s.store.site
            var masters: [String: JSON] = [:]
            for name in site.tableOrder {
                let t = site.tables[name]!
                var query = "limit=5"
                if let mk = t.table.masterKey, let target = t.model.fieldsByName[mk]?.field.foreignTarget {
                    if masters[target] == nil, let master = site.defaultTable(for: target) {
                        masters[target] = rows(try await robin.get("/api/tables/\(master.name)/rows?limit=1")).first?["id"]
                    }
                    guard let id = masters[target]?.intValue else { continue }
                    query += "&mk=\(id)"
                }
                let meta = try await robin.get("/api/tables/\(name)")
                guard meta.status == 200 else { continue }
                for column in meta.json?["columns"]?.arrayValue ?? [] where column["sortable"] == .bool(true) {
                    let field = column["name"]?.stringValue ?? ""
                    for sort in [field, "-" + field] {
                        let a = try await robin.get("/api/tables/\(name)/rows?\(query)&sort=\(sort)")
                        // The metadata offers only what the server sorts by.
                        XCTAssertEqual(a.status, 200, "\(name) sorted by \(sort): \(a.text.prefix(200)) [\(db)]")
                    }
                }
            }
            // A file is not sortable; asked anyway, the refusal names the column as the user sees it.
            let uploads = try await robin.get("/api/tables/uploads.Uploads")
            XCTAssertEqual(uploads.json?["columns"]?.arrayValue?.first { $0["name"] == "file" }?["sortable"], .bool(false), db)
            let refused = try await robin.get("/api/tables/uploads.Uploads/rows?sort=file")
            XCTAssertEqual(refused.status, 400, db)
            XCTAssertTrue(refused.text.contains("Cannot sort by File."), "\(refused.text) [\(db)]")
            // Sorted by a foreign key: by the text of its target.
            let a = try await robin.get("/api/tables/coachings.Coachings/rows?limit=200&sort=user")
            XCTAssertEqual(a.status, 200, a.text)
            let texts = rows(a).compactMap { $0["user"]?["text"]?.stringValue }
            XCTAssertFalse(texts.isEmpty, db)
            XCTAssertEqual(texts, texts.sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending }, db)
        }
    }

    // MARK: - Data checkers (domain section 5)

    func testDataCheckersFindWhatIsWrongAndNameWhoShouldFixIt() async throws {
        try await eachServer { db, s in
            let robin = try await login(s, "robin")
            let before = try await DataCheckRunner(store: s.store).run()
            let coached = try await client(robin, state: "30")  // not obsolete: the grid hides those by default
            let id = coached["id"]!.intValue!
            let row = try await robin.get("/api/tables/pcsw.Clients/rows/\(id)?nav=0")
            var a = try await robin.send("PUT", "/api/tables/pcsw.Clients/rows/\(id)",
                                         json: ["version": row.json!["row"]!["version"]!, "values": ["is_obsolete": true]])
            XCTAssertEqual(a.status, 200, a.text)
            let found = try await DataCheckRunner(store: s.store).run(batch: 25)
            XCTAssertEqual(found["pcsw.CoachedObsolete"], (before["pcsw.CoachedObsolete"] ?? 0) + 1, "\(found) [\(db)]")
            XCTAssertGreaterThan(found["pcsw.IdentityDocument"] ?? 0, 10, "demo clients have no card read [\(db)]")
            a = try await robin.get("/api/tables/checkdata.Problems/rows?limit=200")
            let mine = rows(a).filter { $0["owner_title"]?.stringValue?.contains("(\(id)") == true }
            XCTAssertTrue(mine.contains { $0["problem"] == "Both coached and obsolete." }, "\(mine) [\(db)]")
            XCTAssertNotNil(mine.first?["user"]?["id"], "the primary coach is responsible [\(db)]")
            // Running again replaces, it does not add.
            let again = try await DataCheckRunner(store: s.store).run()
            XCTAssertEqual(again, found, db)
            // A coach sees the problems of their clients in My data problems, in their language.
            let coach = rows(a).first { $0["owner_title"]?.stringValue?.contains("(\(id)") == true }?["user"]?["id"]?.intValue
            XCTAssertNotNil(coach, db)
        }
    }

    // MARK: - Speed rules

    func testTheClientsGridCostsTheSameQueriesForAnyPageSize() async throws {
        try await eachServer { db, s in
            let alicia = try await login(s, "alicia")
            func statements(_ limit: Int) async throws -> Int {
                let before = s.store.db.statements.value
                let a = try await alicia.get("/api/tables/pcsw.Clients/rows?limit=\(limit)")
                XCTAssertEqual(a.status, 200)
                return s.store.db.statements.value - before
            }
            _ = try await statements(5)  // counts cached, session read
            let few = try await statements(5), many = try await statements(50)
            XCTAssertEqual(few, many, "no query per row: \(few) vs \(many) [\(db)]")
        }
    }
}
