import BeID
import Foundation
import Lino

/// How this site reads eID cards: where the helper answers on the clerks'
/// PCs, and which roots may issue the national register's certificate.
public struct BeIDSettings: Sendable {
    /// e.g. `http://127.0.0.1:9375`; nil disables card reading in the shell.
    public var helperURL: String?
    public var verifier: CardVerifier

    public init(helperURL: String?, verifier: CardVerifier) {
        self.helperURL = helperURL
        self.verifier = verifier
    }
}

/// Reading eID cards (Lino's `beid`): the log of card reads and the two
/// services the shell calls, `beid/preview` and `beid/apply`.
public enum BeIDPlugin {
    public static let outcomes = ChoiceList("beid.Outcomes", [
        ("10", "shown", "Shown"), ("20", "created", "Person created"), ("30", "updated", "Person updated"),
        ("40", "uptodate", "Up to date"), ("90", "refused", "Refused"),
    ])

    /// Who read which card when, and what came of it. Holds no card data
    /// beyond the card number: the card itself is merged or forgotten.
    static let reading = Model("beid.CardReading", label: "eID card reading", plural: "eID card readings") {
        DateTimeField("read_at", "When").readOnly()
        ForeignKey("user", "User", to: "users.User", onDelete: .setNull)
        CharField("card_number", "eID card number", maxLength: 20)
        ForeignKey("person", "Person", to: "contacts.Person", onDelete: .setNull)
        ChoiceField("outcome", "Outcome", outcomes)
        CharField("message", "Message", maxLength: 300)
    }
    .title(["card_number", "read_at"]) { r in "\(r.string("card_number")) \(r.string("read_at"))" }

    static let tables: [Table] = [
        Table("beid.CardReadings", model: "beid.CardReading", label: "eID card readings",
              columns: "read_at:16 user:14 card_number:12 person:24 outcome:14 message:40", order: "-read_at",
              viewRoles: [WelfareRoles.siteAdmin], editRoles: [WelfareRoles.siteAdmin],
              allowInsert: false, allowUpdate: false, allowDelete: false),
    ]

    public static func plugin(_ settings: BeIDSettings) -> Plugin {
        let intake = CardIntake(verifier: settings.verifier)
        let roles = [WelfareRoles.beIdUser]
        return Plugin("beid", models: [reading], tables: tables, services: [
            Service("beid/preview", roles: roles) { r in .json(try await intake.preview(r)) },
            Service("beid/apply", roles: roles) { r in .json(try await intake.apply(r)) },
        ], menu: [.table(["Explorer", "System"], "beid.CardReadings")])
    }
}
