import Foundation
import Lino
import XCTest
@testable import Welfare

final class WelfareSiteTests: XCTestCase {
    static let locales = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../locales").standardized

    func testEveryDeclarationLayoutAndMenuEntryIsValid() throws {
        let site = try WelfareSite.make(localesDirectory: Self.locales)
        XCTAssertNotNil(site.tables["contacts.Persons"]?.detail)
        let report = SiteCheck(site: site).run()
        XCTAssertEqual(report.problems, 0, report.lines.prefix(20).joined(separator: "\n"))
    }

    func testReceptionClerkSeesContactsButNotUsers() throws {
        let site = try WelfareSite.make(localesDirectory: nil)
        let clerk = UserContext(id: 1, username: "theresia", fullName: "T", language: "de", userType: site.userTypes["210"]!)
        XCTAssertTrue(Permissions.canView(site.tables["contacts.Persons"]!, clerk))
        XCTAssertFalse(Permissions.canView(site.tables["users.AllUsers"]!, clerk))
        XCTAssertTrue(Permissions.canEdit(site.tables["countries.Places"]!, clerk), "210 is contacts staff")
        let agent = UserContext(id: 2, username: "alicia", fullName: "A", language: "fr", userType: site.userTypes["100"]!)
        XCTAssertFalse(Permissions.canEdit(site.tables["countries.Places"]!, agent))
    }

    func testPersonsQuickSearchUsesTheTrigramIndex() throws {
        let site = try WelfareSite.make(localesDirectory: nil)
        let persons = site.tables["contacts.Persons"]!
        XCTAssertTrue(persons.searchesIndex)
        XCTAssertTrue(persons.searchFields.contains("national_id"))
        // One index for the family of partners: persons and organisations share it.
        XCTAssertEqual(site.tables["contacts.Companies"]!.model.searchIndex?.table, "contacts_partner_search")
        XCTAssertTrue(persons.model.searchIndex!.fields.contains("vat_id"))
    }
}
