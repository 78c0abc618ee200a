import Lino

/// Countries and places (`countries` in Lino).
public enum CountriesPlugin {
    public static let placeTypes = ChoiceList("countries.PlaceTypes", [
        ("10", "member_state", "Member state"), ("11", "division", "Division"), ("12", "region", "Region"),
        ("20", "province", "Province"), ("21", "county", "County"), ("50", "city", "City"),
        ("51", "town", "Town"), ("52", "municipality", "Municipality"), ("55", "section", "Section"),
        ("70", "village", "Village"),
    ])

    static let country = Model("countries.Country", label: "Country", plural: "Countries", primaryKey: "isocode") {
        CharField("isocode", "ISO code", maxLength: 4, required: true).width(6)
        BabelField("name", "Designation", required: true)
        CharField("iso3", "ISO-3 code", maxLength: 3)
    }
    .title(["name"]) { r in r.babel("name") }
    .ordered(["name"])
    .index(["name"])

    static let place = Model("countries.Place", label: "Place", plural: "Places") {
        BabelField("name", "Designation", required: true)
        CharField("zip_code", "Zip code", maxLength: 10, indexed: true).width(8)
        ForeignKey("country", "Country", to: "countries.Country", required: true)
        ChoiceField("type", "Place type", placeTypes)
        ForeignKey("parent", "Part of", to: "countries.Place", dependsOn: ["country"])
    }
    .title(["name"]) { r in r.babel("name") }
    .ordered(["name"])
    .index(["name"])

    static let tables: [Table] = [
        Table("countries.Countries", model: "countries.Country", label: "Countries",
              columns: "isocode:6 name:30 iso3:6",
              search: ["isocode", "name", "iso3"],
              detail: Layout("""
                  isocode:6 iso3:6
                  name
                  countries.PlacesByCountry
                  """),
              viewRoles: [], editRoles: [WelfareRoles.contactsStaff]),
        Table("countries.Places", model: "countries.Place", label: "Places",
              columns: "name:24 zip_code country:16 type:12 parent:20",
              search: ["name", "zip_code"],
              params: [
                  TableParam(ForeignKey("country", "Country", to: "countries.Country")) { v, _ in .equals("country", v) },
              ],
              detail: Layout("""
                  name
                  zip_code:8 country:20 type:14 parent:20
                  countries.PlacesByPlace
                  """),
              insert: Layout("name\nzip_code country type"),
              viewRoles: [], editRoles: [WelfareRoles.contactsStaff]),
        Table("countries.PlacesByCountry", model: "countries.Place", label: "Places",
              columns: "name:24 zip_code type parent", masterKey: "country",
              viewRoles: [], editRoles: [WelfareRoles.contactsStaff]),
        Table("countries.PlacesByPlace", model: "countries.Place", label: "Sections",
              columns: "name:24 zip_code type", masterKey: "parent",
              viewRoles: [], editRoles: [WelfareRoles.contactsStaff]),
    ]

    public static let plugin = Plugin("countries", models: [country, place], tables: tables, menu: [
        .table(["Configuration", "Places"], "countries.Countries"), .table(["Configuration", "Places"], "countries.Places"),
    ], reference: CountriesData.steps)
}
