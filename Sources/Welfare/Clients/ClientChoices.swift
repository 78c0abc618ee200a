import Lino

/// The choice lists of clients (Lino's values, domain section 5).
public enum ClientChoices {
    public static let states = ChoiceList("pcsw.ClientStates", [
        ("10", "newcomer", "Newcomer"), ("20", "refused", "Refused"), ("30", "coached", "Coached"), ("50", "former", "Former"),
    ])
    public static let civilStates = ChoiceList("pcsw.CivilStates", [
        ("10", "single", "Single"), ("20", "married", "Married"), ("30", "widowed", "Widowed"), ("40", "divorced", "Divorced"),
        ("50", "separated", "Separated"), ("51", "separated_de_facto", "De facto separated"), ("60", "cohabitating", "Cohabitating"),
    ])
    public static let residenceTypes = ChoiceList("pcsw.ResidenceTypes", [
        ("1", "registry", "Registry of citizens"), ("2", "foreigners", "Registry of foreigners"), ("3", "waiting", "Waiting register"),
    ])
    public static let refusalReasons = ChoiceList("pcsw.RefusalReasons", [
        ("10", "information", "Information request (No coaching needed)"), ("20", "incompetent", "PCSW is not competent"),
        ("30", "unavailable", "Client did not return"),
    ])
    /// What a client's period filter looks at (Lino's ClientEvents, the ones built so far).
    public static let events = ChoiceList("pcsw.ClientEvents", [
        ("active", "active", "Coaching"), ("created", "created", "Created"), ("modified", "modified", "Modified"), ("note", "note", "Note"),
        ("dispense", "dispense", "Dispense"), ("penalty", "penalty", "Penalty"),
        // Lino's isip, jobs, art61 and available (contracts in the period) come with the contracts of the integration service.
    ])
}
