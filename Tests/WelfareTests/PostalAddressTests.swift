import XCTest
import Lino
@testable import Welfare

final class PostalAddressTests: XCTestCase {
    private func line(_ values: Values, city: String? = nil) -> String {
        PostalAddress.oneLine(RecordView(values, language: "fr", defaultLanguage: "en", titles: city.map { ["city": $0] } ?? [:]))
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
}
