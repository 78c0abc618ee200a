import Lino

/// Households (Lino's `households`, domain section 4): a household is a partner
/// like persons and organisations (same id space), so letters and budgets can
/// address it; its members are persons with a role and a dependency.
public enum HouseholdsPlugin {
    typealias R = WelfareRoles
    public static let roles = ChoiceList("households.MemberRoles", [
        ("01", "head", "Head of household"), ("02", "spouse", "Spouse"), ("03", "partner", "Partner"), ("04", "cohabitant", "Cohabitant"),
        ("05", "child", "Child"), ("06", "relative", "Relative"), ("07", "adopted", "Adopted child"), ("08", "foster", "Foster child"),
        ("10", "other", "Other"),
    ])
    public static let dependencies = ChoiceList("households.MemberDependencies", [
        ("01", "full", "At full charge"), ("02", "none", "Not at charge"), ("03", "shared", "At shared charge"),
    ])

    static let type = Model.babelNamed("households.Type", label: "Household type", plural: "Household types")

    static let household = Model("households.Household", label: "Household", plural: "Households", extends: "contacts.Partner") {
        ForeignKey("type", "Household type", to: "households.Type")
    }
    .ordered(["name"])
    .computed(CharField("composition", "Composition")) { records, households in
        let members = try records.rows("households.Member", where: [.oneOf("household", households.map(\.id)), current()],
                                       fields: ["household", "person"])
        let births = try Self.birthDates(records, members)
        let byHousehold = members.grouped(by: "household")
        return households.map { h in .text(Self.composition((byHousehold[h.id] ?? []).map { births[$0["person"]] ?? nil }, records)) }
    }

    static let member = Model("households.Member", label: "Household member", plural: "Household members") {
        ForeignKey("household", "Household", to: "households.Household", required: true, onDelete: .cascade)
        ForeignKey("person", "Person", to: "contacts.Person", required: true, onDelete: .cascade)
        ChoiceField("role", "Role", roles, required: true, default: "05")
        ChoiceField("dependency", "Dependency", dependencies)
        BoolField("primary", "Primary")
        DateField("start_date", "From")
        DateField("end_date", "Until")
    }
    .ordered(["household", "role", "id"])
    .period()
    .unique(["household", "person"])

    /// Memberships that have not ended.
    static func current() -> Condition { .or([.isNull("end_date"), .atLeast("end_date", .text(ISODates.today()))]) }

    static func birthDates(_ records: Records, _ members: [Record]) throws -> [Value: String?] {
        let persons = try records.rows("contacts.Person", where: [.oneOf("id", Array(Set(members.map { $0["person"] })))], fields: ["birth_date"])
        return Dictionary(persons.map { ($0.id, $0.date("birth_date")) }, uniquingKeysWith: { a, _ in a })
    }

    /// "2 adults and 3 children": adult from 18; a member without a birth date counts as a child (Lino).
    static func composition(_ births: [String?], _ records: Records) -> String {
        let today = ISODates.today()
        let adults = births.filter { b in b.flatMap { ISODates.age(birth: $0, on: today) }.map { $0 >= 18 } ?? false }.count
        let children = births.count - adults
        let lang = records.language, site = records.site
        let a = site.t(adults == 1 ? "1 adult" : "{n} adults", lang, ["n": String(adults)])
        let c = site.t(children == 1 ? "1 child" : "{n} children", lang, ["n": String(children)])
        switch (adults, children) {
        case (0, 0): return site.t("No members", lang)
        case (_, 0): return a
        case (0, _): return c
        default: return site.t("{adults} and {children}", lang, ["adults": a, "children": c])
        }
    }

    /// "Create household" on a person or client: the household with the person as head
    /// (and a partner), named after their last names.
    static let createHousehold = TableAction("create_household", label: "Create household", roles: [R.socialUser],
                                             params: [ForeignKey("type", "Household type", to: "households.Type", required: true),
                                                      ForeignKey("partner", "Partner", to: "contacts.Person")]) { r in
        guard let head = r.ids.first else { throw LinoError.badRequest(r.site.t("Select a row first.", r.user.language)) }
        let params = r.params
        let id = try await r.store.write(as: .user(r.user)) { w -> Value in
            guard let person = try w.record("contacts.Person", id: head) else { throw LinoError.notFound(w.site.t("No such record.", w.language)) }
            let partner = try params["partner"].flatMap { $0.isNull ? nil : try w.record("contacts.Person", id: $0) }
            let names = [person.string("last_name"), partner?.string("last_name") ?? ""].filter { !$0.isEmpty }
            var values: Values = ["name": .text(distinct(names).joined(separator: "-")), "type": params["type"] ?? .null,
                                  "language": person["language"]]
            for f in ["street", "street_no", "street_box", "zip_code", "city", "country"] { values[f] = person[f] }
            let household = try w.insert("households.Household", values, via: "households.Households")
            try w.insert("households.Member", ["household": household, "person": head, "role": .text("01"), "primary": .bool(true),
                                               "start_date": .text(ISODates.today())], via: "households.MembersByHousehold")
            if let partner {
                try w.insert("households.Member", ["household": household, "person": partner.id, "role": .text("03"), "primary": .bool(true),
                                                   "start_date": .text(ISODates.today())], via: "households.MembersByHousehold")
            }
            return household
        }
        return ActionResult(message: r.site.t("Household created.", r.user.language), refresh: true, open: ("households.Households", id))
    }

    static let staff: [Role] = [R.socialStaff, R.contactsStaff]

    static let tables: [Table] = [
        Table("households.Households", model: "households.Household", label: "Households",
              columns: "name:30 type:18 composition:24 address:36 id:6",
              detail: Layout("general members", panels: [
                  "general": Panel("Household", "name:30 type:20\ncomposition:30\naddress_box\nlanguage:10 email:30 phone:16"),
                  "address_box": ContactsPlugin.addressPanel,
                  "members": Panel("Members", "households.MembersByHousehold"),
              ]),
              insert: Layout("name:30 type:20"),
              viewRoles: [R.socialUser, R.contactsStaff, R.socialCoordinator], editRoles: [R.socialUser, R.contactsStaff], deleteRoles: staff),
        Table("households.MembersByHousehold", model: "households.Member", label: "Members",
              columns: "person:28 role:16 dependency:16 start_date end_date primary", masterKey: "household",
              viewRoles: [R.socialUser, R.contactsStaff, R.socialCoordinator], editRoles: [R.socialUser, R.contactsStaff]),
        Table("households.MembersByPerson", model: "households.Member", label: "Household memberships",
              columns: "household:28 role:16 dependency:16 start_date end_date primary", masterKey: "person",
              viewRoles: [R.socialUser, R.contactsStaff, R.socialCoordinator], editRoles: [R.socialUser, R.contactsStaff]),
        Table("households.Types", model: "households.Type", label: "Household types", columns: "name:30", detail: Layout("name"),
              viewRoles: [R.socialUser, R.contactsStaff], editRoles: staff),
    ]

    public static let plugin = Plugin("households", models: [type, household, member], tables: tables, menu: [
        .table(["Contacts"], "households.Households"), .table(["Configuration", "Contacts"], "households.Types"),
    ], demo: [HouseholdsDemo.step])
}

/// The distinct elements of a list, in order.
private func distinct(_ items: [String]) -> [String] {
    var seen = Set<String>()
    return items.filter { seen.insert($0).inserted }
}
