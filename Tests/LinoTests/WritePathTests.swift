import Foundation
import XCTest
@testable import Lino

/// The one write path (Writer): permissions at every write, hooks and effects
/// through the same writer, caches forgotten at commit; and what the framework
/// derives from declarations: computed fields per page, hidden fields, row rules,
/// transitions with questions and parameters, defaults from the context.
final class WritePathTests: XCTestCase {
    struct Seeded {
        let store: RecordStore
        let api: APIService
        let cases: [Value]
    }

    func eachDatabase(_ body: (String, Seeded) async throws -> Void) async throws {
        let site = try WriteSite.make()
        for (name, db, cleanup) in try await TestDatabases.fresh() {
            do {
                let store = RecordStore(site: site, db: db)
                try await db.write { c in try SchemaMigrator(site: site).migrate(c) }
                let cases = try await store.write(as: .system(reason: "test data")) { w -> [Value] in
                    for (i, u) in ["a", "b", "auditor", "staff"].enumerated() {
                        let id = try w.insert("users.User", ["username": .text(u), "user_type": .text(["100", "100", "200", "900"][i])])
                        XCTAssertEqual(id, .int(Int64(i + 1)))
                    }
                    return try (0..<3).map { i in
                        try w.insert("w.Case", ["title": .text("Case \(i)"), "owner": .int(i == 2 ? 2 : 1), "language": .text("fr")])
                    }
                }
                try await body(name, Seeded(store: store, api: APIService(site: site, store: store), cases: cases))
            } catch {
                await cleanup()
                XCTFail("[\(name)] \(error)")
                throw error
            }
            await cleanup()
        }
    }

    func rows(_ s: Seeded, _ table: String, _ query: [String: String] = [:], as user: UserContext) async throws -> [JSON] {
        try await s.api.rows(table, query: query, user: user)["rows"]?.arrayValue ?? []
    }

    func testHooksWriteThroughTheWriterAndCachesForgetAtCommit() async throws {
        try await eachDatabase { db, s in
            let steps = "w.StepsByCase"
            let mk = ["mk": "\(s.cases[0].intValue!)"]
            let first = try await s.api.create(steps, body: ["values": ["name": "one", "primary": true]], query: mk, user: WriteSite.clerkA)
            let r1 = try await rows(s, steps, mk, as: WriteSite.clerkA)
            XCTAssertEqual(r1.count, 1, db)  // the count is cached now
            let firstID = first["row"]?["id"]?.stringValue ?? first["row"]?["id"].map { "\($0)" } ?? ""
            _ = try await s.api.create(steps, body: ["values": ["name": "two", "primary": true]], query: mk, user: WriteSite.clerkA)
            let all = try await rows(s, steps, mk, as: WriteSite.clerkA)
            XCTAssertEqual(all.count, 2, "the cached count was forgotten at commit [\(db)]")
            let primaries = all.filter { $0["primary"] == .bool(true) }.compactMap { $0["name"]?.stringValue }
            XCTAssertEqual(primaries, ["two"], "the hook un-marked the other step [\(db)]")
            // The un-marked step got a new version: a form still open on it cannot save over the change.
            let one = all.first { $0["name"] == .string("one") }!
            XCTAssertEqual(one["version"], .int(2), db)
            do {
                _ = try await s.api.update(steps, id: "\(one["id"]!.intValue!)", body: ["version": 1, "values": ["primary": true]], user: WriteSite.clerkA)
                XCTFail("a stale save went through [\(db)]")
            } catch LinoError.conflict {}
            // The reminder the hook wrote is there although clerks may not write reminders themselves.
            let reminders = try await rows(s, "w.Reminders", as: WriteSite.staffUser)
            XCTAssertEqual(reminders.count, 2, db)
            _ = firstID
        }
    }

    func testTheWriterChecksTableRowAndFieldPermissions() async throws {
        try await eachDatabase { db, s in
            do {
                try await s.store.write(as: .user(WriteSite.clerkA)) { w in _ = try w.insert("w.Reminder", ["case": s.cases[0], "text": .text("x")]) }
                XCTFail("a clerk wrote a reminder [\(db)]")
            } catch LinoError.forbidden {}
            do {
                try await s.store.write(as: .user(WriteSite.clerkA)) { w in try w.update("w.Case", id: s.cases[0], ["reason": .text("10")]) }
                XCTFail("a clerk set a staff field [\(db)]")
            } catch LinoError.validation(_, let fields) { XCTAssertNotNil(fields["reason"], db) }
            try await s.store.write(as: .user(WriteSite.staffUser)) { w in try w.update("w.Case", id: s.cases[0], ["reason": .text("10")]) }
            // Row rule: a memo is changed by its author and by staff only.
            let memo = try await s.api.create("w.Memos", body: ["values": ["subject": "mine"]], query: [:], user: WriteSite.clerkA)
            let memoID = "\(memo["row"]!["id"]!.intValue!)"
            do {
                _ = try await s.api.update("w.Memos", id: memoID, body: ["version": 1, "values": ["subject": "theirs"]], user: WriteSite.clerkB)
                XCTFail("another clerk changed the memo [\(db)]")
            } catch LinoError.forbidden {}
            do {
                _ = try await s.api.delete("w.Memos", id: memoID, user: WriteSite.clerkB)
                XCTFail("another clerk deleted the memo [\(db)]")
            } catch LinoError.forbidden {}
            let seenByB = try await rows(s, "w.Memos", as: WriteSite.clerkB)
            XCTAssertEqual(seenByB.first?["_editable"], .bool(false), "the row is marked read-only for the shell [\(db)]")
            let r2 = try await rows(s, "w.Memos", as: WriteSite.clerkA)
            XCTAssertNil(r2.first?["_editable"], db)
            _ = try await s.api.update("w.Memos", id: memoID, body: ["version": 1, "values": ["subject": "edited"]], user: WriteSite.staffUser)
            // Acting users that are the system are not checked (demo data, migrations).
            try await s.store.write(as: .system(reason: "test")) { w in _ = try w.insert("w.Reminder", ["case": s.cases[0]]) }
        }
    }

    func testAHiddenFieldIsNeitherSentNorSortedNorFilteredNorSearched() async throws {
        try await eachDatabase { db, s in
            // Written by staff, who may see and write the body.
            try await s.store.write(as: .user(WriteSite.staffUser)) { w in
                try w.insert("w.Memo", ["subject": .text("Visit"), "body": .text("confidential diagnosis")])
            }
            let asClerk = try await rows(s, "w.Memos", as: WriteSite.clerkA)
            XCTAssertEqual(asClerk.count, 1, db)
            XCTAssertNil(asClerk[0]["body"], "a clerk does not get the body [\(db)]")
            let r3 = try await rows(s, "w.Memos", as: WriteSite.staffUser)
            XCTAssertEqual(r3[0]["body"], .string("confidential diagnosis"), db)
            let r4 = try await rows(s, "w.Memos", ["q": "diagnosis"], as: WriteSite.clerkA)
            XCTAssertEqual(r4.count, 0, "no search in a hidden field [\(db)]")
            let r5 = try await rows(s, "w.Memos", ["q": "diagnosis"], as: WriteSite.auditorUser)
            XCTAssertEqual(r5.count, 1, db)
            for query in [["sort": "body"], ["filter": #"[{"field":"body","op":"contains","value":"diag"}]"#]] {
                do {
                    _ = try await rows(s, "w.Memos", query, as: WriteSite.clerkA)
                    XCTFail("a clerk sorted or filtered on the body: \(query) [\(db)]")
                } catch LinoError.badRequest {}
            }
            let (meta, _) = try s.api.tableMetadata("w.Memos", user: WriteSite.clerkA)
            XCTAssertFalse(meta.contains("\"body\""), "the metadata leaves the field out [\(db)]")
            XCTAssertFalse(meta.contains("Staff only"), "a panel for other roles is left out [\(db)]")
            let (staffMeta, _) = try s.api.tableMetadata("w.Memos", user: WriteSite.staffUser)
            XCTAssertTrue(staffMeta.contains("\"body\"") && staffMeta.contains("Staff only"), db)
            // Typing into a hidden field is refused, naming it.
            do {
                _ = try await s.api.create("w.Memos", body: ["values": ["subject": "x", "body": "y"]], query: [:], user: WriteSite.clerkA)
                XCTFail("a clerk wrote the hidden body [\(db)]")
            } catch LinoError.validation(_, let fields) { XCTAssertNotNil(fields["body"], db) }
        }
    }

    func testComputedFieldsCostTheSameQueriesForAnyNumberOfRows() async throws {
        try await eachDatabase { db, s in
            try await s.store.write(as: .system(reason: "test")) { w in
                for (i, c) in s.cases.enumerated() {
                    for j in 0...i { try w.insert("w.Step", ["case": c, "name": .text("s\(j)"), "done": .bool(j == 1)]) }
                }
            }
            let staff = WriteSite.staffUser
            let all = try await rows(s, "w.Cases", ["p.owner": ""], as: staff)
            XCTAssertEqual(all.map { $0["open_steps"] }, [.int(1), .int(1), .int(2)], db)
            func statements(_ limit: Int) async throws -> Int {
                let before = s.store.db.statements.value
                _ = try await rows(s, "w.Cases", ["p.owner": "", "limit": "\(limit)"], as: staff)
                return s.store.db.statements.value - before
            }
            _ = try await statements(3)  // the count is cached from now on
            let one = try await statements(1), three = try await statements(3)
            XCTAssertEqual(one, three, "no query per row [\(db)]")
            // 20 more cases: still the same.
            try await s.store.write(as: .system(reason: "test")) { w in
                for i in 0..<20 { try w.insert("w.Case", ["title": .text("More \(i)"), "owner": .int(1)]) }
            }
            _ = try await statements(23)
            let many = try await statements(23)
            XCTAssertEqual(many, three, "no query per row [\(db)]")
        }
    }

    func testATransitionAsksThenWritesStateAndEffectsTogether() async throws {
        try await eachDatabase { db, s in
            try await s.store.write(as: .system(reason: "test")) { w in
                for n in ["a", "b"] { try w.insert("w.Step", ["case": s.cases[0], "name": .text(n)]) }
            }
            let id = s.cases[0].intValue!
            let asked = try await s.api.action("w.Cases", action: "close", body: ["ids": [.int(id)]], user: WriteSite.clerkA)
            XCTAssertEqual(asked["confirm"], .string("This will end 2 steps of Case 0."), db)
            let before = try await rows(s, "w.Cases", as: WriteSite.clerkA).first { $0["id"] == .int(id) }!
            XCTAssertEqual(before["state"]?["id"], .string("10"), "nothing changed before the answer [\(db)]")
            let done = try await s.api.action("w.Cases", action: "close", body: ["ids": [.int(id)], "confirmed": true], user: WriteSite.clerkA)
            XCTAssertEqual(done["refresh"], .bool(true), db)
            let after = try await rows(s, "w.Cases", as: WriteSite.clerkA).first { $0["id"] == .int(id) }!
            XCTAssertEqual(after["state"]?["id"], .string("20"), db)
            XCTAssertEqual(after["open_steps"], .int(0), "the effect ended the steps in the same write [\(db)]")
            XCTAssertEqual(after["_colour"], .string("grey"), db)
            // Refuse asks its reason; the effect sets a field the clerk may not set by hand.
            let other = s.cases[1].intValue!
            do {
                _ = try await s.api.action("w.Cases", action: "refuse", body: ["ids": [.int(other)]], user: WriteSite.clerkA)
                XCTFail("refused without a reason [\(db)]")
            } catch LinoError.validation(_, let fields) { XCTAssertNotNil(fields["reason"], db) }
            _ = try await s.api.action("w.Cases", action: "refuse", body: ["ids": [.int(other)], "params": ["reason": "20"]], user: WriteSite.clerkA)
            let refused = try await rows(s, "w.Cases", as: WriteSite.clerkA).first { $0["id"] == .int(other) }!
            XCTAssertEqual(refused["reason"]?["id"], .string("20"), db)
            XCTAssertEqual(refused["state"]?["id"], .string("30"), db)
            // Not from this state any more; and the state field itself is not typed in.
            do {
                _ = try await s.api.action("w.Cases", action: "refuse", body: ["ids": [.int(other)], "params": ["reason": "20"]], user: WriteSite.clerkA)
                XCTFail("refused twice [\(db)]")
            } catch LinoError.forbidden {}
            do {
                _ = try await s.api.update("w.Cases", id: "\(other)", body: ["version": refused["version"]!, "values": ["state": "10"]], user: WriteSite.clerkA)
                XCTFail("the state was typed in [\(db)]")
            } catch LinoError.validation(_, let fields) { XCTAssertNotNil(fields["state"], db) }
        }
    }

    func testDefaultsComeFromTheUserAndFromTheTarget() async throws {
        try await eachDatabase { db, s in
            // "My cases": the owner parameter defaults to the user; sent empty it means everybody's.
            let r6 = try await rows(s, "w.Cases", as: WriteSite.clerkA)
            XCTAssertEqual(r6.count, 2, db)
            let r7 = try await rows(s, "w.Cases", as: WriteSite.clerkB)
            XCTAssertEqual(r7.count, 1, db)
            let r8 = try await rows(s, "w.Cases", ["p.owner": ""], as: WriteSite.clerkB)
            XCTAssertEqual(r8.count, 3, db)
            let created = try await s.api.create("w.Cases", body: ["values": ["title": "New"]], query: [:], user: WriteSite.clerkB)
            XCTAssertEqual(created["row"]?["owner"]?["id"], .int(2), "a new case belongs to its creator [\(db)]")
            let step = try await s.api.create("w.StepsByCase", body: ["values": ["name": "x"]], query: ["mk": "\(s.cases[0].intValue!)"],
                                              user: WriteSite.clerkA)
            XCTAssertEqual(step["row"]?["language"], .string("fr"), "the step took its case's language [\(db)]")
            let (meta, _) = try s.api.tableMetadata("w.Cases", user: WriteSite.clerkA)
            XCTAssertTrue(meta.contains("\"defaultFrom\":\"currentUser\""), db)
        }
    }

    func testSummariesAndTheWelcomePage() async throws {
        try await eachDatabase { db, s in
            try await s.store.write(as: .system(reason: "test")) { w in
                try w.insert("w.Step", ["case": s.cases[0], "name": .text("first")])
                try w.insert("w.Step", ["case": s.cases[0], "name": .text("main"), "primary": .bool(true)])
            }
            let summary = try await s.api.summary("w.StepsByCase", query: ["mk": "\(s.cases[0].intValue!)"], user: WriteSite.clerkA)
            XCTAssertEqual(summary["total"], .int(2), db)
            let items = summary["items"]?.arrayValue ?? []
            XCTAssertEqual(items.map { $0["text"] }, [.string("first"), .string("main")], db)
            XCTAssertEqual(items.map { $0["emphasis"] ?? .bool(false) }, [.bool(false), .bool(true)], db)
            let (meta, _) = try s.api.tableMetadata("w.Memos", user: WriteSite.clerkA)
            XCTAssertFalse(meta.isEmpty)
            // The welcome page lists only the tables the user may see.
            let clerkPanels = s.api.dashboard(user: WriteSite.clerkA)["panels"]?.arrayValue?.compactMap { $0["table"]?.stringValue }
            XCTAssertEqual(clerkPanels, ["w.Cases"], db)
            let staffPanels = s.api.dashboard(user: WriteSite.staffUser)["panels"]?.arrayValue?.compactMap { $0["table"]?.stringValue }
            XCTAssertEqual(staffPanels, ["w.Cases", "w.Reminders"], db)
        }
    }

    func testDeclarationsNamingUnknownThingsStopTheStart() throws {
        let bad: [(Table, String)] = [
            (Table("w.Bad1", model: "w.Case", label: "x", columns: "title", readOnly: ["nope"]), "read-only field 'nope'"),
            (Table("w.Bad2", model: "w.Case", label: "x", columns: "title", knownValues: ["nope": .int(1)]), "known value for 'nope'"),
            (Table("w.Bad3", model: "w.Case", label: "x", columns: "title", filter: .equals("nope", .int(1))), "'nope'"),
            (Table("w.Bad4", model: "w.Case", label: "x", columns: "title",
                   workflow: Workflow(field: "state", transitions: [.init("x", label: "x", from: ["99"], to: "20")])), "state '99'"),
            (Table("w.Bad5", model: "w.Case", label: "x", columns: "title",
                   rowFilter: { _ in .equals("owner_typo", .int(1)) }), "'owner_typo'"),
            (Table("w.Bad6", model: "w.Case", label: "x", columns: "title").colours(by: "title", [:]), "not a choice field"),
        ]
        for (table, expected) in bad {
            XCTAssertThrowsError(try WriteSite.make(extra: [table]), table.name) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(table.name): \(error)")
            }
        }
    }

    func testARoleListMeansAnyOfItsRoles() {
        let type = UserType("1", "x", roles: ["A"])
        XCTAssertTrue(type.has([]))
        XCTAssertTrue(type.has(["A", "B"]))
        XCTAssertFalse(type.has(["B", "C"]))
        let service = Service("x/y", roles: ["B", "A"]) { _ in .json(.null) }
        XCTAssertTrue(service.allows(UserContext(id: 1, username: "u", fullName: "u", language: "en", userType: type)))
    }
}
