import Foundation
import XCTest
@testable import Lino

final class LocalizerTests: XCTestCase {
    private func write(_ catalogue: [String: String], _ path: String, in dir: URL) throws {
        let url = dir.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONEncoder().encode(catalogue).write(to: url)
    }

    func testEachInstalledPluginBringsItsOwnCatalogue() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("locales-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(["Save": "Enregistrer"], "fr.json", in: dir)
        try write(["Client": "Bénéficiaire", "Save": "Sauver"], "pcsw/fr.json", in: dir)
        try write(["Coaching": "Intervention"], "coachings/fr.json", in: dir)
        try write(["Debt": "Dette"], "debts/fr.json", in: dir)

        let l = try Localizer(languages: ["en", "fr"], directory: dir, plugins: ["pcsw", "coachings"])
        XCTAssertEqual(l.t("Client", "fr"), "Bénéficiaire")
        XCTAssertEqual(l.t("Coaching", "fr"), "Intervention")
        XCTAssertEqual(l.t("Debt", "fr"), "Debt", "a plugin the site does not install brings no texts")
        XCTAssertEqual(l.t("Save", "fr"), "Enregistrer", "the first catalogue loaded (the site's) wins")
        XCTAssertEqual(l.conflicts, [#"pcsw/fr.json translates "Save" other than fr.json"#])
        XCTAssertEqual(l.t("Client", "en"), "Client")
    }
}
