import XCTest
@testable import Welfare

final class NationalIDTests: XCTestCase {
    func testWorkedExamplesOfTheDomainDocument() {
        XCTAssertEqual(NationalID.formatted("85073003328"), "850730 033-28")
        XCTAssertEqual(NationalID.century("85073003328"), 1900)
        XCTAssertEqual(NationalID.formatted("03021400470"), "030214=004-70")
        XCTAssertEqual(NationalID.century("03021400470"), 2000)
        for demo in ["960715 002-61", "971207 001-67", "950221 001-20"] { XCTAssertTrue(NationalID.isValid(demo), demo) }
    }

    func testWrongCheckDigitsAndShapesAreRefusedWithAMessage() {
        XCTAssertFalse(NationalID.isValid("85073003329"))
        XCTAssertEqual(NationalID.century("03021400441"), 1900, "the same digits with the 1900 check are someone born in 1903")
        XCTAssertFalse(NationalID.isValid("03021400442"))
        XCTAssertNotNil(NationalID.problem("8507300332"))
        XCTAssertNotNil(NationalID.problem("85.07.30-033.2X"))
        XCTAssertNil(NationalID.problem("85.07.30-033.28"))
    }

    func testTheFirstSixDigitsMustBeABirthDate() {
        let feb30 = NationalID.make(year: 1990, month: 2, day: 30, sequence: 1)  // right check digits, no such day
        XCTAssertTrue(NationalID.isValid(feb30))
        XCTAssertEqual(NationalID.problem(feb30), "Invalid national register number: it does not start with a birth date.")
        XCTAssertNotNil(NationalID.problem(NationalID.make(year: 1990, month: 13, day: 1, sequence: 1)))
        XCTAssertNotNil(NationalID.problem(NationalID.make(year: 2023, month: 2, day: 29, sequence: 2)), "2023 is no leap year")
        XCTAssertNil(NationalID.problem(NationalID.make(year: 2024, month: 2, day: 29, sequence: 2)))
        XCTAssertNil(NationalID.problem(NationalID.make(year: 1960, month: 0, day: 0, sequence: 5)), "an unknown birth date")
        XCTAssertNil(NationalID.problem(NationalID.make(year: 1985, month: 27, day: 30, sequence: 5)), "a bis number: July + 20")
        XCTAssertNil(NationalID.problem(NationalID.make(year: 1985, month: 40, day: 0, sequence: 5)), "a bis number, month unknown")
    }

    func testGeneratedNumbersAreValid() {
        XCTAssertTrue(NationalID.isValid(NationalID.make(year: 2004, month: 2, day: 29, sequence: 998)))
        XCTAssertTrue(NationalID.isValid(NationalID.make(year: 1935, month: 12, day: 31, sequence: 1)))
    }

    func testBelgianVATNumbers() {
        XCTAssertNil(VATNumber.problem("BE 0123.456.749"))
        XCTAssertNotNil(VATNumber.problem("BE 0123.456.748"))
        XCTAssertNil(VATNumber.problem("DE123456789"))
    }
}
