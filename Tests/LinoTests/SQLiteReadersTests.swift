import Foundation
import XCTest
@testable import Lino

final class SQLiteReadersTests: XCTestCase {
    /// A new database file in a folder of its own, removed after `body`.
    func withDatabase(readers: Int, _ body: (SQLiteDatabase) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("readers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try SQLiteDatabase(path: dir.appendingPathComponent("db.sqlite").path, readers: readers)
        try await body(db)
        await db.close()
    }

    /// Short reads borrow a connection on the caller's thread; when all of those are
    /// busy, and for lengthy reads, they wait for a connection's own thread. Either
    /// way every read sees the committed data and no connection is used twice at once.
    func testConcurrentShortAndLengthyReadsAllSeeTheCommittedRows() async throws {
        try await withDatabase(readers: 2) { db in
            try await db.write { c in
                try c.executeScript("PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
                for i in 1...200 { try c.execute("INSERT INTO t (id, v) VALUES (?, ?)", [.int(Int64(i)), .text("row \(i)")]) }
            }
            let sums = try await withThrowingTaskGroup(of: Int64.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        try await db.read(lengthy: i % 5 == 0) { c in
                            usleep(500)  // hold the connection: the next reads must find others
                            return try c.scalar("SELECT sum(id) FROM t", []).intValue ?? -1
                        }
                    }
                }
                var all: [Int64] = []
                for try await s in group { all.append(s) }
                return all
            }
            XCTAssertEqual(sums.count, 40)
            XCTAssertEqual(Set(sums), [20_100])
        }
    }

    /// A query with a budget gives up (nil) once SQLite has worked that much on it, and
    /// leaves the connection as it was: the same statement then runs to the end.
    func testAQueryGivesUpWhenItsBudgetIsSpentAndTheConnectionStaysUsable() async throws {
        try await withDatabase(readers: 1) { db in
            try await db.write { c in
                try c.executeScript("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
                for i in 1...5_000 { try c.execute("INSERT INTO t (id, v) VALUES (?, ?)", [.int(Int64(i)), .text(i == 4_990 ? "late" : "row")]) }
            }
            // The one match comes at the end of the walk along the keys.
            let late = "SELECT id FROM t WHERE v = ? ORDER BY id LIMIT 1"
            let (spent, enough, plain) = try await db.read { c in
                (try c.query(late, [.text("late")], types: [.int], budget: 1_000),
                 try c.query(late, [.text("late")], types: [.int], budget: 1_000_000),
                 try c.query(late, [.text("late")], types: [.int]))
            }
            XCTAssertNil(spent, "5 000 rows take more than 1 000 steps")
            XCTAssertEqual(enough, [[.int(4_990)]])
            XCTAssertEqual(plain, [[.int(4_990)]], "no budget is left behind on the connection")
        }
    }
}
