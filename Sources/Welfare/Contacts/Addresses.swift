import Lino

/// Several addresses per partner, each with where it came from (Lino's
/// `addresses` plugin). The primary one is copied into the partner's own
/// address fields, which grids and documents show.
public enum Addresses {
    public static let dataSources = ChoiceList("contacts.DataSources", [("01", "manually", "Manually"), ("02", "eid", "eID card")])
    public static let types = ChoiceList("contacts.AddressTypes", [
        ("01", "official", "Official address"), ("02", "unverified", "Unverified address"),
        ("03", "declared", "Declared address"), ("04", "reference", "Reference address"), ("98", "obsolete", "Obsolete"), ("99", "other", "Other"),
    ])

    static let model = Model("contacts.Address", label: "Address", plural: "Addresses") {
        ForeignKey("partner", "Partner", to: "contacts.Partner", required: true, onDelete: .cascade)
        ChoiceField("address_type", "Address type", types)
        ChoiceField("data_source", "Source", dataSources)
        CharField("street", "Street")
        CharField("street_no", "No.", maxLength: 10).width(5)
        CharField("street_box", "Box", maxLength: 10).width(5)
        CharField("zip_code", "Zip code", maxLength: 10).width(8)
        ForeignKey("country", "Country", to: "countries.Country")
        ForeignKey("city", "Place", to: "countries.Place", dependsOn: ["country"])
        BoolField("primary", "Primary")
    }
    .title(["street", "street_no", "zip_code"]) { r in
        [r.string("street"), r.string("street_no"), r.string("zip_code")].filter { !$0.isEmpty }.joined(separator: " ")
    }
}
