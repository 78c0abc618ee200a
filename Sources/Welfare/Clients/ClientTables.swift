import Lino

/// The tables of clients (Lino's `pcsw.Clients` and friends), their parameter
/// panel, detail tabs, colours and state workflow (domain section 5).
enum ClientTables {
    typealias R = WelfareRoles
    /// Who may open clients: social workers, reception clerks, coordinators.
    static let viewers: [Role] = [R.socialUser, R.officeOperator, R.socialCoordinator, R.contactsStaff]
    static let editors: [Role] = [R.socialUser, R.contactsStaff]
    static let staff: [Role] = [R.socialStaff, R.contactsStaff]

    static let columns = "name:28 client_state:10 national_id:14 gsm:14 address:36 age:5 email:22 phone:14 coaches:24 primary_coach:18 id:6 aid_type:14 language:6"

    /// The parameter panel: state, coaches in a period, age, gender, nationality...
    static func params(defaultCoach: Bool) -> [TableParam] {
        var coachedBy = ForeignKey("coached_by", "Coached by", to: "users.User")
        if defaultCoach { coachedBy = coachedBy.defaults(.currentUser) }
        return [
            TableParam(ChoiceField("client_state", "State", ClientChoices.states)) { v, _ in .equals("client_state", v) },
            TableParam(coachedBy) { v, p in coached(by: v, p) },
            TableParam(ForeignKey("and_coached_by", "and by", to: "users.User")) { v, p in coached(by: v, p) },
            TableParam(DateField("start_date", "Period from")) { _, _ in nil },
            TableParam(DateField("end_date", "until")) { _, _ in nil },
            TableParam(ChoiceField("observed_event", "Observed event", ClientChoices.events)) { v, p in
                let from = p["start_date"].stringValue ?? ISODates.today(), until = p["end_date"].stringValue ?? ISODates.today()
                switch v.stringValue {
                case "active": return .exists(model: "coachings.Coaching", link: "client", where: period(p))
                case "created": return .and([.atLeast("created", .text(from)), .atMost("created", .text(until + " 23:59:59"))])
                case "modified": return .and([.atLeast("modified", .text(from)), .atMost("modified", .text(until + " 23:59:59"))])
                case "note": return .exists(model: "notes.Note", link: "project",
                                            where: .and([.atLeast("date", .text(from)), .atMost("date", .text(until))]))
                // A dispense or a penalty in force some day of the period (open ends are open).
                case "dispense": return .exists(model: "pcsw.Dispense", link: "client",
                                                where: inForce(from: from, until: until, start: "start_date", end: "end_date"))
                case "penalty": return .exists(model: "pcsw.Exclusion", link: "person",
                                               where: inForce(from: from, until: until, start: "excluded_from", end: "excluded_until"))
                default: return nil
                }
            },
            TableParam(BoolField("only_primary", "Only primary", default: false)) { _, _ in nil },
            TableParam(IntField("aged_from", "Aged from").notNegative()) { v, _ in
                // At least N years old: born on or before today N years ago.
                ISODates.adding(years: -Int(v.intValue ?? 0), to: ISODates.today()).map { .atMost("birth_date", .text($0)) }
            },
            TableParam(IntField("aged_to", "to").notNegative()) { v, _ in
                // At most N years old: born after today N+1 years ago.
                ISODates.adding(years: -Int(v.intValue ?? 0) - 1, to: ISODates.today()).map { .atLeast("birth_date", .text($0)) }
            },
            TableParam(ChoiceField("gender", "Gender", ContactsPlugin.genders)) { v, _ in .equals("gender", v) },
            TableParam(ForeignKey("nationality", "Nationality", to: "countries.Country")) { v, _ in .equals("nationality", v) },
            TableParam(BoolField("also_obsolete", "Also obsolete", default: false)) { v, _ in v.boolValue ? nil : .equals("is_obsolete", .bool(false)) },
        ]
    }

    /// Rows whose [start, end] meets [from, until]; an empty start or end is open.
    @Sendable static func inForce(from: String, until: String, start: String, end: String) -> Condition {
        .and([.or([.isNull(start), .atMost(start, .text(until))]), .or([.isNull(end), .atLeast(end, .text(from))])])
    }

    /// Coachings active in the parameters' period (none given: today).
    @Sendable static func period(_ p: ParamContext) -> Condition {
        CoachingsPlugin.active(from: p["start_date"].stringValue, until: p["end_date"].stringValue)
    }

    /// Clients coached by `user` in the period (only as primary coach if asked).
    @Sendable static func coached(by user: Value, _ p: ParamContext) -> Condition {
        var inner = [Condition.equals("user", user), period(p)]
        if p["only_primary"].boolValue { inner.append(.equals("primary", .bool(true))) }
        return .exists(model: "coachings.Coaching", link: "client", where: .and(inner))
    }

    static let paramsLayout = """
        client_state coached_by and_coached_by start_date end_date observed_event only_primary
        aged_from aged_to gender nationality also_obsolete
        """

    static let detail = Layout("person coaching family history documents tasks jobsearch misc", panels: [
        "person": Panel("Person", """
            person_box photo_box
            address_box contact_box
            notes.ImportantNotesByClient
            """),
        "person_box": Panel(nil, """
            title:8 first_name:16 middle_name:10 last_name:18
            gender:8 birth_date:10 age:5 national_id:16
            language:10 civil_state:14 nationality:16
            similar_clients:60
            """),
        "photo_box": Panel(nil, "photo\neid_info:40"),
        "address_box": ContactsPlugin.addressPanel,
        "contact_box": Panel("Contact", "email:30\nphone:16 gsm:16"),
        "coaching": Panel("Coaches", "client_state:12 refusal_reason:20 coaches:40 primary_coach:20\ncoachings.CoachingsByClient"),
        "family": Panel("Family", "households.MembersByPerson"),
        "history": Panel("History", "notes.NotesByClient"),
        "documents": Panel("Documents", "uploads.UploadsByClient"),
        "tasks": Panel("Tasks", "cal.TasksByClient"),
        "jobsearch": Panel("Job search", """
            in_belgium_since residence_type residence_until needs_residence_permit
            unemployed_since seeking_since is_seeking needs_work_permit work_permit_suspended_until
            unavailable_until unavailable_why:30
            pcsw.DispensesByClient
            pcsw.ExclusionsByClient
            """, roles: [R.integUser]),
        "misc": Panel("Misc", """
            group aid_type activity
            is_obsolete birth_country
            skills obstacles
            remarks
            """, roles: [R.socialStaff, R.contactsStaff]),
    ])

    static let insert = Layout("""
        first_name:16 last_name:18
        national_id:16 gender:8
        language:10 birth_date:10
        """)

    static let readOnly: Set<String> = ["name", "card_number", "card_type", "card_issuer", "card_valid_from", "card_valid_until"]

    static func clients(_ name: String, label: String, filter: Condition? = nil, defaultCoach: Bool = false,
                        viewRoles: [Role] = viewers) -> Table {
        Table(name, model: "pcsw.Client", label: label, columns: columns, filter: filter,
              params: params(defaultCoach: defaultCoach), paramsLayout: paramsLayout, detail: detail, insert: insert,
              viewRoles: viewRoles, editRoles: editors, deleteRoles: staff,
              actions: [TableAction("read_eid", label: "Read eID card", roles: [R.beIdUser], client: "eid.read"),
                        HouseholdsPlugin.createHousehold],
              workflow: ClientWorkflow.workflow, readOnly: readOnly)
            .colours(by: "client_state", ["10": .green, "20": .yellow, "50": .yellow])
    }

    static let tables: [Table] = [
        clients("pcsw.Clients", label: "Clients"),
        clients("pcsw.CoachedClients", label: "Coached clients", filter: .equals("client_state", .text("30"))),
        // Coached by me: for those who coach (a reception clerk has no clients of her own).
        clients("pcsw.MyClients", label: "My clients", defaultCoach: true, viewRoles: [R.socialUser]),
        Table("pcsw.DispensesByClient", model: "pcsw.Dispense", label: "Dispenses", columns: "reason:20 start_date end_date remarks:30",
              masterKey: "client", viewRoles: [R.integUser], editRoles: [R.integUser]),
        Table("pcsw.ExclusionsByClient", model: "pcsw.Exclusion", label: "Penalties", columns: "type:20 excluded_from excluded_until remark:30",
              masterKey: "person", viewRoles: [R.integUser], editRoles: [R.integUser]),
        Table("pcsw.PersonGroups", model: "pcsw.PersonGroup", label: "Integration phases", columns: "ref_name:8 name:30 active",
              viewRoles: [R.socialUser], editRoles: [R.socialStaff]),
        Table("pcsw.AidTypes", model: "pcsw.AidType", label: "Aid types", columns: "name:30", viewRoles: viewers, editRoles: [R.socialStaff]),
        Table("pcsw.Activities", model: "pcsw.Activity", label: "Activities", columns: "name:30", viewRoles: viewers, editRoles: [R.socialStaff]),
        Table("pcsw.DispenseReasons", model: "pcsw.DispenseReason", label: "Dispense reasons", columns: "name:30",
              viewRoles: [R.integUser], editRoles: [R.socialStaff]),
        Table("pcsw.ExclusionTypes", model: "pcsw.ExclusionType", label: "Exclusion types", columns: "name:30",
              viewRoles: [R.integUser], editRoles: [R.socialStaff]),
    ]
}
