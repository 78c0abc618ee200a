import XCTest
import Lino
@testable import Welfare

final class PostalAddressTests: XCTestCase {
    private func line(_ values: Values, city: String? = nil, country: String? = nil) -> String {
        var titles: [String: String] = [:]
        titles["city"] = city
        titles["country"] = country
        return PostalAddress.oneLine(RecordView(values, language: "fr", defaultLanguage: "en", titles: titles))
    }

    func testAnAddressOnOneLineLeavesOutWhatIsMissing() {
        XCTAssertEqual(line(["street": "Rue de Paris", "street_no": "12", "street_box": "3", "zip_code": "4700"], city: "Eupen"),
                       "Rue de Paris 12/3, 4700 Eupen")
        XCTAssertEqual(line(["street_prefix": "Am", "street": "Waldrand", "zip_code": "4700"]), "Am Waldrand, 4700")
        XCTAssertEqual(line(["street": "Bergstraße"], city: "Eupen"), "Bergstraße, Eupen")
        XCTAssertEqual(line(["zip_code": "4700"], city: "Eupen"), "4700 Eupen")
        XCTAssertEqual(line([:], city: "Eupen"), "Eupen")
        XCTAssertEqual(line(["street_no": "5"]), "5")
        XCTAssertEqual(line([:]), "")
    }

    func testTheSecondLineFollowsTheStreetAndAForeignCountryEndsTheLine() {
        XCTAssertEqual(line(["street": "Rue de Paris", "street_no": "12", "addr2": "c/o Maison Familiale", "zip_code": "4700", "country": "BE"],
                            city: "Eupen", country: "Belgique"),
                       "Rue de Paris 12, c/o Maison Familiale, 4700 Eupen")
        XCTAssertEqual(line(["street": "Theaterplatz", "street_no": "5", "zip_code": "52062", "country": "DE"], city: "Aachen", country: "Allemagne"),
                       "Theaterplatz 5, 52062 Aachen, Allemagne")
        XCTAssertEqual(line(["addr2": "Boîte postale 12", "country": "NL"], country: "Pays-Bas"), "Boîte postale 12, Pays-Bas")
        XCTAssertEqual(line(["country": "FR"], city: "Lille", country: "France"), "Lille, France")
    }
}
