import XCTest
@testable import Lino

/// What makes cached counts and sessions stale.
final class ChangeCounterTests: XCTestCase {
    func testStampsMoveOnlyWithTheirTables() {
        let c = ChangeCounter()
        let persons: Set = ["contacts_partner", "contacts_person", "contacts_partner_search"]
        let before = (value: c.value, persons: c.stamp(of: persons), places: c.stamp(of: ["countries_place"]))
        c.bump(tables: ["notes_note"])
        XCTAssertEqual(c.stamp(of: persons), before.persons, "a note written does not make the persons be counted again")
        XCTAssertNotEqual(c.value, before.value, "sessions see every change")
        c.bump(tables: ["contacts_partner", "contacts_person", "contacts_partner_search"])
        XCTAssertNotEqual(c.stamp(of: persons), before.persons)
        XCTAssertEqual(c.stamp(of: ["countries_place"]), before.places)
        let places = c.stamp(of: ["countries_place"])
        c.bump()
        XCTAssertNotEqual(c.stamp(of: ["countries_place"]), places, "a delete with cascades makes everything stale")
    }
}
