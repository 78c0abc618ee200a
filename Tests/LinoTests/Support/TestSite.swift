import Lino

/// A small site for framework tests: countries with a char key, places,
/// partners and persons (inheritance), notes with decimals and a workflow.
enum TestSite {
    static let states = ChoiceList("test.States", [("10", "draft", "Draft"), ("20", "registered", "Registered"), ("30", "cancelled", "Cancelled")])
    static let staff: Role = "Staff"
    static let clerk: Role = "Clerk"

    static let userTypes = [
        UserType("100", "Clerk", roles: [clerk]),
        UserType("900", "Administrator", roles: [clerk, staff, FrameworkRoles.siteAdmin]),
    ]

    static func make() throws -> Site {
        let country = Model("geo.Country", label: "Country", plural: "Countries", primaryKey: "code") {
            CharField("code", "Code", maxLength: 4, required: true)
            BabelField("name", "Name", required: true)
        }.title(["name"]) { $0.babel("name") }.ordered(["name"])
        let place = Model("geo.Place", label: "Place", plural: "Places") {
            CharField("name", "Name", required: true)
            ForeignKey("country", "Country", to: "geo.Country", required: true)
        }.title(["name"]) { $0.string("name") }.ordered(["name"])
        let partner = Model("test.Partner", label: "Partner", plural: "Partners") {
            CharField("name", "Name", required: true, indexed: true)
            CharField("street", "Street")
            ForeignKey("country", "Country", to: "geo.Country")
            ForeignKey("city", "City", to: "geo.Place", dependsOn: ["country"], learning: true)
            EmailField("email", "E-mail")
        }.title(["name"]) { $0.string("name") }.ordered(["name"]).searchable(["name", "street"])
        let person = Model("test.Person", label: "Person", plural: "Persons", extends: "test.Partner") {
            CharField("first_name", "First name", required: true)
            CharField("last_name", "Last name", required: true, indexed: true)
            DateField("birth_date", "Birth date", incomplete: true)
            CharField("code", "Code", maxLength: 10, unique: true)
            // For the permission tests: references to records not everybody may see, and a field no table shows.
            ForeignKey("office", "Office", to: "test.Office")
            ForeignKey("vault", "Vault", to: "test.Vault")
            CharField("secret", "Secret")
        }
        .beforeSave { v, _ in v["name"] = .text("\(v["last_name"]?.stringValue ?? "") \(v["first_name"]?.stringValue ?? "")") }
        .searchable(["name", "street", "code"])
        // Everybody sees the offices, clerks only the open ones (a row filter); only staff sees vaults.
        let office = Model("test.Office", label: "Office", plural: "Offices") {
            CharField("name", "Name", required: true)
            BoolField("restricted", "Restricted")
        }.title(["name"]) { $0.string("name") }.ordered(["name"])
        let vault = Model("test.Vault", label: "Vault", plural: "Vaults") {
            CharField("name", "Name", required: true)
        }.title(["name"]) { $0.string("name") }.ordered(["name"])
        let note = Model("test.Note", label: "Note", plural: "Notes") {
            ForeignKey("person", "Person", to: "test.Person", required: true)
            CharField("subject", "Subject", required: true)
            DecimalField("amount", "Amount", scale: 2)
            BoolField("important", "Important")
            ChoiceField("state", "State", states, default: "10")
            DateField("date", "Date")
            RichTextField("body", "Body")
        }.validate(field: "amount", "The amount cannot be negative.") { r in
            if case .decimal(let d) = r["amount"] { return d >= 0 }
            return true
        }
        let tables: [Table] = [
            Table("geo.Countries", model: "geo.Country", label: "Countries", columns: "code name", editRoles: [staff]),
            Table("geo.Places", model: "geo.Place", label: "Places", columns: "name country", editRoles: [staff]),
            Table("test.Persons", model: "test.Person", label: "Persons", columns: "name:20 first_name last_name birth_date city code",
                  detail: Layout("main notes", panels: [
                      "main": Panel("Person", "first_name:20 last_name\nbirth_date code\ncountry city street"),
                      "notes": Panel("Notes", "test.NotesByPerson"),
                  ]),
                  viewRoles: [clerk], editRoles: [clerk]),
            Table("test.Partners", model: "test.Partner", label: "Partners", columns: "name street", viewRoles: [clerk], editRoles: [clerk]),
            Table("test.NotesByPerson", model: "test.Note", label: "Notes", columns: "subject amount important state date",
                  masterKey: "person", viewRoles: [clerk], editRoles: [clerk],
                  workflow: Workflow(field: "state", transitions: [
                      .init("register", label: "Register", from: ["10"], to: "20"),
                      .init("cancel", label: "Cancel", to: "30", roles: [staff]),
                  ])),
            Table("test.Notes", model: "test.Note", label: "Notes", columns: "person subject amount", viewRoles: [staff], editRoles: [staff]),
            Table("test.Offices", model: "test.Office", label: "Offices", columns: "name restricted", editRoles: [staff],
                  rowFilter: { user in user.has([staff]) ? nil : .equals("restricted", .bool(false)) }),
            Table("test.Vaults", model: "test.Vault", label: "Vaults", columns: "name", viewRoles: [staff], editRoles: [staff]),
            Table("test.PersonReferences", model: "test.Person", label: "Persons and offices", columns: "name office vault",
                  viewRoles: [clerk], editRoles: [clerk]),
            Table("test.PersonsByOffice", model: "test.Person", label: "Persons", columns: "name", masterKey: "office",
                  viewRoles: [clerk], editRoles: [clerk]),
        ]
        return try Site(name: "Test", version: "1", languages: ["en", "fr", "de"],
                        plugins: [Plugin("geo", models: [country, place]), Plugin("test", models: [office, vault, partner, person, note], tables: tables),
                                  UsersPlugin.make(userTypes: userTypes, languages: ["en", "fr", "de"])],
                        userTypes: userTypes, menu: [.menu("Contacts", [.table("test.Persons"), .table("test.Notes")])],
                        localizer: Localizer(languages: ["en", "fr", "de"], catalogues: ["fr": ["Persons": "Personnes", "This field is required.": "Ce champ est obligatoire."]]))
    }

    static let admin = UserContext(id: 1, username: "admin", fullName: "Admin", language: "en", userType: userTypes[1])
    static let clerkUser = UserContext(id: 2, username: "clerk", fullName: "Clerk", language: "en", userType: userTypes[0])
}
