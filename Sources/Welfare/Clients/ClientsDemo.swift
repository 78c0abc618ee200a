import Lino

/// The demo clients' own values, in the proportions of Lino's Eupen demo
/// (domain section 19): odd ones coached, even ones newcomers, every fifth even
/// one a former client, a few refused, two obsolete.
enum ClientsDemo {
    static func state(_ i: Int) -> String {
        if i % 2 == 1 { return "30" }
        if i % 10 == 0 { return "50" }
        if i % 20 == 6 { return "20" }
        return "10"
    }

    static func clientValues(index i: Int, _ rng: inout DemoRandom) -> Values {
        var v: Values = ["client_state": .text(state(i))]
        if state(i) == "20" { v["refusal_reason"] = .text(rng.pick(["10", "20", "30"])) }
        v["civil_state"] = .text(rng.pick(["10", "10", "20", "20", "40", "60"]))
        v["nationality"] = .text(rng.chance(0.8) ? "BE" : rng.pick(["DE", "NL", "FR", "MA", "TR", "CD", "SY"]))
        if rng.chance(0.3) { v["residence_type"] = .text(rng.pick(["1", "2", "3"])) }
        if i == 14 || i == 44 { v["is_obsolete"] = .bool(true) }
        return v
    }
}
