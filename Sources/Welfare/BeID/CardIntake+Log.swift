import BeID
import Foundation
import Lino

/// The log of card reads: who read which card when, and what came of it.
extension CardIntake {
    static func logValues(_ card: Card, _ user: UserContext, person: Int64?, outcome: String, message: String) -> Values {
        ["read_at": .text(ISODates.now()), "user": .int(user.realUserID ?? user.id), "card_number": card.values["card_number"] ?? .null,
         "person": person.map(Value.int) ?? .null, "outcome": .text(outcome), "message": message.isEmpty ? .null : .text(String(message.prefix(300)))]
    }

    func log(_ r: ServiceRequest, _ card: Card, person: Int64?, outcome: String, message: String) async throws {
        let model = r.site.models["beid.CardReading"]!
        let values = Self.logValues(card, r.user, person: person, outcome: outcome, message: message)
        let store = r.store, user = r.user
        _ = try await store.db.write { c in try store.insertRecord(c, model, values, user: user) }
        store.db.changes.bump(tables: model.tablesWritten)  // the log's grid counts are cached
    }

    /// A refused card is logged too, with the card number when the identity file gives one.
    func logRefusal(_ r: ServiceRequest, _ texts: [String: String], _ failure: CardVerifier.Failure) async throws {
        let model = r.site.models["beid.CardReading"]!
        let identity = texts["identity"].flatMap { Data(base64Encoded: $0) }.flatMap { try? CardIdentity(file: Array($0)) }
        let values: Values = ["read_at": .text(ISODates.now()), "user": .int(r.user.realUserID ?? r.user.id),
                              "card_number": identity.map { .text($0.cardNumber) } ?? .null, "outcome": .text("90"),
                              "message": .text(String(failure.description.prefix(300)))]
        let store = r.store, user = r.user
        _ = try await store.db.write { c in try store.insertRecord(c, model, values, user: user) }
        store.db.changes.bump(tables: model.tablesWritten)  // the log's grid counts are cached
    }
}
