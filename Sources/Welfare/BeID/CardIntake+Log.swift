import BeID
import Foundation
import Lino

/// The log of card reads: who read which card when, and what came of it.
extension CardIntake {
    static func logValues(cardNumber: Value, _ user: UserContext, person: Int64?, outcome: String, message: String) -> Values {
        ["read_at": .text(ISODates.now()), "user": .int(user.realUserID ?? user.id), "card_number": cardNumber,
         "person": person.map(Value.int) ?? .null, "outcome": .text(outcome), "message": message.isEmpty ? .null : .text(String(message.prefix(300)))]
    }

    func log(_ r: ServiceRequest, _ card: Card, person: Int64?, outcome: String, message: String) async throws {
        try await write(r, Self.logValues(cardNumber: card.values["card_number"] ?? .null, r.user, person: person, outcome: outcome, message: message))
    }

    /// A refused card is logged too, with the card number when the identity file gives one.
    func logRefusal(_ r: ServiceRequest, _ texts: [String: String], _ failure: CardVerifier.Failure) async throws {
        let identity = texts["identity"].flatMap { Data(base64Encoded: $0) }.flatMap { try? CardIdentity(file: Array($0)) }
        try await write(r, Self.logValues(cardNumber: identity.map { .text($0.cardNumber) } ?? .null, r.user, person: nil,
                                          outcome: "90", message: failure.description))
    }

    /// The log is the system's bookkeeping of a read the user was allowed to make.
    private func write(_ r: ServiceRequest, _ values: Values) async throws {
        try await r.store.write(as: .system(reason: "eID card reading log", onBehalfOf: r.user)) { w in
            try w.insert("beid.CardReading", values)
        }
    }
}
