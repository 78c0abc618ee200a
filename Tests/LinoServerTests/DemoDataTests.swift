import Foundation
import Lino
import Welfare
import XCTest

/// Each plugin brings its own demo data (`Plugin.demo`), run in plugin order by
/// `Site.prepare`; the clients plugin makes the first demo persons clients.
final class DemoDataTests: XCTestCase {
    func testEveryPluginsDemoComesTogetherAtAnyScale() async throws {
        for (db, s) in try await TestServer.all(persons: 400, clients: 400) {
            do {
                let (clients, coached, uncoached, notes, uploads, households) = try await s.store.read { r in
                    (try r.count("pcsw.Client"), try r.count("pcsw.Client", where: [.equals("client_state", .text("30"))]),
                     try r.count("pcsw.Client", where: [.equals("client_state", .text("30")),
                                                        .not(.exists(model: "coachings.Coaching", link: "client", where: .equals("primary", .bool(true))))]),
                     try r.count("notes.Note"), try r.count("uploads.Upload"), try r.count("households.Household"))
                }
                XCTAssertEqual(clients, 403, "every person a client, and the three similar ones [\(db)]")
                XCTAssertGreaterThan(coached, 150, db)
                XCTAssertEqual(uncoached, 0, "every coached client has a primary coach, also after the first 200 [\(db)]")
                XCTAssertGreaterThan(notes, 100, "the coached clients' history [\(db)]")
                XCTAssertEqual(uploads, 15, db)
                XCTAssertEqual(households, 14, db)
            } catch { XCTFail("[\(db)] \(error)") }
            await s.stop()
        }
    }
}
