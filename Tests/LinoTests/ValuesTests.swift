import Foundation
import XCTest
@testable import Lino

final class ValuesTests: XCTestCase {
    func testIncompleteDatesAreAcceptedOnlyWhereAllowed() {
        XCTAssertTrue(ISODates.isValidDate("2000-02-29"))
        XCTAssertFalse(ISODates.isValidDate("1900-02-29"))
        XCTAssertFalse(ISODates.isValidDate("1985-07-00"))
        XCTAssertTrue(ISODates.isValidDate("1985-07-00", incomplete: true))
        XCTAssertTrue(ISODates.isValidDate("1985-00-00", incomplete: true))
        XCTAssertFalse(ISODates.isValidDate("1985-00-12", incomplete: true))
        XCTAssertFalse(ISODates.isValidDate("85-07-30"))
    }

    func testAgeCountsWholeYears() {
        XCTAssertEqual(ISODates.age(birth: "1985-07-30", on: "2014-05-22"), 28)
        XCTAssertEqual(ISODates.age(birth: "1985-05-22", on: "2014-05-22"), 29)
        XCTAssertEqual(ISODates.age(birth: "1985-00-00", on: "2014-05-22"), 29)
        XCTAssertNil(ISODates.age(birth: "1985-7-30", on: "2014-05-22"), "not ISO")
        XCTAssertNil(ISODates.age(birth: "198x-07-30", on: "2014-05-22"))
        XCTAssertEqual(ISODates.today(Date(timeIntervalSince1970: 86_400 * 365)), "1971-01-01")
        XCTAssertEqual(ISODates.today(Date(timeIntervalSince1970: 86_400 * 365 + 86_399)), "1971-01-01")
        XCTAssertEqual(ISODates.today(Date(timeIntervalSince1970: 86_400 * 366)), "1971-01-02", "the remembered day moves on")
    }

    func testDecimalsScaleExactly() {
        XCTAssertEqual(Decimal(exactString: "1200.50")?.scaled(2), 120050)
        XCTAssertNil(Decimal(exactString: "1.005")?.scaled(2))
        XCTAssertNil(Decimal(exactString: "1,5"))
        XCTAssertEqual(Decimal(minorUnits: -1999, scale: 2).plainString, "-19.99")
        XCTAssertEqual(LanguageFormats.of("fr").format(Decimal(string: "1234567.5")!, scale: 2), "1 234 567,50")
        XCTAssertEqual(LanguageFormats.of("en").format(Decimal(string: "-1234.5")!, scale: 2), "-1,234.50")
    }

    func testJSONEscapesEverythingThatCouldBreakOut() {
        let s = JSON.string("</script><b>\"x\"\n\u{2028}").serialized()
        XCTAssertEqual(s, "\"\\u003c/script\\u003e\\u003cb\\u003e\\\"x\\\"\\n\\u2028\"")
        XCTAssertEqual(JSON.parse(s), .string("</script><b>\"x\"\n\u{2028}"))
        // Plain runs between escapes are copied whole, multi-byte letters included.
        let mixed = "Müller\tÉlise \u{2029}€ fin&"
        XCTAssertEqual(JSON.string(mixed).serialized(), "\"Müller\\tÉlise \\u2029€ fin\\u0026\"")
        XCTAssertEqual(JSON.parse(JSON.string(mixed).serialized()), .string(mixed))
        XCTAssertNil(JSON.parse("{\"a\":"))
        XCTAssertEqual(JSON.parse("{\"b\":true,\"n\":3}")?["b"], .bool(true))
    }

    func testRichTextKeepsFormattingAndDropsScript() {
        XCTAssertEqual(HTMLSanitizer.sanitize("<p style='x' onclick=\"evil()\">a<b>b</b></p><script>alert(1)</script><img src=x onerror=y>"),
                       "<p>a<b>b</b></p>")
        XCTAssertEqual(HTMLSanitizer.sanitize("1 < 2 & \"q\""), "1 &lt; 2 & &quot;q&quot;")
    }

    func testWireValuesAreParsedPerFieldKind() {
        func parse(_ j: JSON, _ f: Field) -> String {
            switch ValueParser.parse(j, field: f, languages: ["en"]) {
            case .value(let v): return "\(v)"
            case .invalid(let m, _): return "invalid: \(m)"
            }
        }
        XCTAssertEqual(parse("a@b.be", EmailField("e", "E")), "text(\"a@b.be\")")
        XCTAssertTrue(parse("a@b", EmailField("e", "E")).hasPrefix("invalid"))
        XCTAssertTrue(parse("javascript:alert(1)", URLField("u", "U")).hasPrefix("invalid"))
        XCTAssertEqual(parse("08:05:00", TimeField("t", "T")), "text(\"08:05\")")
        XCTAssertTrue(parse("25:00", TimeField("t", "T")).hasPrefix("invalid"))
        XCTAssertEqual(parse("2026-11-29T08:15:00Z", DateTimeField("d", "D")), "text(\"2026-11-29 08:15:00\")")
        XCTAssertTrue(parse(.string(String(repeating: "x", count: 11)), CharField("c", "C", maxLength: 10)).contains("At most"))
        XCTAssertTrue(parse(.int(3), BoolField("b", "B")).hasPrefix("invalid"))
    }

    func testImpossibleDatesSayWhatIsWrong() {
        func problem(_ s: String) -> (String, [String: String])? {
            if case .invalid(let m, let args) = ValueParser.parse(.string(s), field: DateField("d", "D"), languages: ["en"]) { return (m, args) }
            return nil
        }
        XCTAssertEqual(problem("1990-02-31")?.0, "{date} does not exist.")
        XCTAssertEqual(problem("1990-02-31")?.1["date"], "31.02.1990")
        XCTAssertEqual(problem("2023-02-29")?.1["date"], "29.02.2023", "2023 is no leap year")
        XCTAssertNil(problem("2024-02-29"), "2024 is one")
        XCTAssertEqual(problem("1990-13-01")?.0, "Month {month} does not exist.")
        XCTAssertEqual(problem("31.02.1990")?.0, "Invalid date.", "the API takes ISO dates")
    }

    func testDutchDatesUseDashesAsBelgiansWriteThem() {
        XCTAssertEqual(LanguageFormats.of("nl").format(isoDate: "1985-07-30"), "30-07-1985")
        XCTAssertEqual(LanguageFormats.of("nl").datePattern, "dd-mm-yyyy")
        XCTAssertEqual(LanguageFormats.of("fr").format(isoDate: "1985-07-30"), "30.07.1985")
        XCTAssertEqual(LanguageFormats.of("de").format(isoDate: "1985-00-00"), "00.00.1985")
    }
}
