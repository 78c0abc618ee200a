import Foundation
import XCTest
@testable import Lino

/// The in-memory session cache must never outlive a change made here, nor its lifetime.
final class SessionCacheTests: XCTestCase {
    let session = Session(token: String(repeating: "a", count: 64), csrfToken: "c",
                          user: UserContext(id: 1, username: "robin", fullName: "Robin", language: "en",
                                            userType: UserType("900", "Administrator", roles: [])))

    func testAChangeMakesEntriesStale() {
        let cache = SessionCache()
        let counter = ChangeCounter()
        cache.set(session, change: counter.value)
        XCTAssertEqual(cache.get(session.token, change: counter.value)?.user.username, "robin")
        counter.bump()
        XCTAssertNil(cache.get(session.token, change: counter.value), "a logout or user edit in this process drops the entry")
    }

    func testEntriesExpire() {
        let cache = SessionCache(lifetime: 5)
        let t0 = Date()
        cache.set(session, change: 0, now: t0)
        XCTAssertNotNil(cache.get(session.token, change: 0, now: t0.addingTimeInterval(4.9)))
        XCTAssertNil(cache.get(session.token, change: 0, now: t0.addingTimeInterval(5.1)),
                     "another process's logout applies here within the lifetime")
    }
}
