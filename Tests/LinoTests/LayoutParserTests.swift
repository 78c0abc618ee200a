import XCTest
@testable import Lino

final class LayoutParserTests: XCTestCase {
    let parser = LayoutParser(context: "test", isField: { ["a", "b", "c"].contains($0) }, isTable: { $0 == "x.Slaves" })

    func testOneLineOfPanelsBecomesTabs() throws {
        let node = try parser.parse(Layout("one two", panels: ["one": Panel("One", "a:20 b\nc"), "two": Panel("Two", "x.Slaves:5")]))
        guard case .tabs(let tabs) = node, case .panel(let name, let label, let rows) = tabs[0] else { return XCTFail("\(node)") }
        XCTAssertEqual(name, "one")
        XCTAssertEqual(label, "One")
        XCTAssertEqual(rows.count, 2)
        guard case .field("a", 20) = rows[0][0] else { return XCTFail("width lost") }
        XCTAssertEqual(node.slaveTables, ["x.Slaves"])
        XCTAssertEqual(node.fieldNames, ["a", "b", "c"])
    }

    func testUnknownWordStopsWithAClearMessage() {
        XCTAssertThrowsError(try parser.parse(Layout("a nosuchfield"))) { e in
            XCTAssertTrue("\(e)".contains("unknown field, panel or table 'nosuchfield'"), "\(e)")
        }
    }

    func testPanelThatContainsItselfIsRefused() {
        XCTAssertThrowsError(try parser.parse(Layout("p", panels: ["p": Panel(nil, "a p")])))
    }

    func testSiteRefusesATableNamingAnUnknownColumn() {
        let m = Model("t.M", label: "M", plural: "Ms") { CharField("a", "A") }
        XCTAssertThrowsError(try Site(name: "x", version: "1", languages: ["en"],
                                      plugins: [Plugin("t", models: [m], tables: [Table("t.Ms", model: "t.M", label: "Ms", columns: "a b")])],
                                      userTypes: [], menu: [], localizer: Localizer(languages: ["en"], catalogues: [:]))) { e in
            XCTAssertTrue("\(e)".contains("unknown column 'b'"), "\(e)")
        }
    }
}
