import Lino

/// Who coaches which client, in which service, since when (Lino's `coachings`,
/// domain section 6). A client may have several coaches in different services;
/// at most one coaching per client is primary ("titulaire du dossier").
public enum CoachingsPlugin {
    static let coachingType = Model.babelNamed("coachings.CoachingType", label: "Service", plural: "Services") {
        BoolField("does_integ", "Integration work")
        BoolField("does_gss", "General social work")
    }

    static let coachingEnding = Model("coachings.CoachingEnding", label: "Reason of termination", plural: "Coaching termination reasons") {
        BabelField("name", "Designation", required: true)
        IntField("seqno", "Sequence number")
        ForeignKey("type", "Service", to: "coachings.CoachingType")
    }
    .title(["name"]) { $0.babel("name") }
    .ordered(["seqno", "name"])

    static let coaching = Model("coachings.Coaching", label: "Coaching", plural: "Coachings") {
        ForeignKey("client", "Client", to: "pcsw.Client", required: true, onDelete: .cascade)
        ForeignKey("user", "Coach", to: "users.User", required: true).defaults(.currentUser)
        DateField("start_date", "Coached from", required: true, default: .today)
        DateField("end_date", "until")
        ForeignKey("type", "Service", to: "coachings.CoachingType").defaults(.currentUserField("coaching_type"))
        BoolField("primary", "Primary coaching")
        ForeignKey("ending", "Ending", to: "coachings.CoachingEnding")
    }
    .ordered(["-start_date"])
    // "Coached by me" probes a client's coachings by user and period, and a page's coaches
    // are read, from the index alone.
    .index(["client", "user", "start_date", "end_date", "primary"])
    .period()
    // An ending without an end date ends today.
    .beforeSave { v, ctx in
        if !(v["ending"] ?? .null).isNull, (v["end_date"] ?? .null).isNull { v["end_date"] = .text(ctx.today) }
    }
    // One primary coaching per client: marking one un-marks the client's others.
    .afterSave { w, saved in
        guard saved.after["primary"]?.boolValue == true, saved.changed("primary"), let client = saved.after["client"] else { return }
        for other in try w.rows("coachings.Coaching", where: [.equals("client", client), .equals("primary", .bool(true)),
                                                              .notEquals("id", saved.id)]) {
            try w.update("coachings.Coaching", id: other.id, ["primary": .bool(false)])
        }
    }
    // The client's reminders go to its primary coach.
    .afterSave { w, saved in try ClientReminders.coachingSaved(w, saved) }
    .beforeDelete { w, coaching in try ClientReminders.coachingDeleted(w, coaching) }

    /// Coachings active at some day of [from, until] (Lino: started by the end, not ended before the start);
    /// no dates mean today.
    public static func active(from: String?, until: String?, today: String = ISODates.today()) -> Condition {
        let start = from ?? until ?? today, end = until ?? from ?? today
        return .and([.atMost("start_date", .text(end)), .or([.isNull("end_date"), .atLeast("end_date", .text(start))])])
    }

    static let social = [WelfareRoles.socialUser]
    static let staff = [WelfareRoles.socialStaff]
    /// Who sees a client's coaches: social workers, and reception clerks who send visitors to them.
    static let viewers = [WelfareRoles.socialUser, WelfareRoles.officeOperator, WelfareRoles.socialCoordinator]

    static let tables: [Table] = [
        Table("coachings.CoachingsByClient", model: "coachings.Coaching", label: "Coaches",
              columns: "start_date:10 end_date:10 user:20 primary:6 type:16 ending:16", masterKey: "client",
              insert: Layout("user type\nstart_date primary"),
              viewRoles: viewers, editRoles: social, deleteRoles: staff),
        // Active today: the row filter is made per request, so the day is always today.
        Table("coachings.MyCoachings", model: "coachings.Coaching", label: "My coachings",
              columns: "client:28 start_date:10 end_date:10 type:16 primary:6", order: "client",
              viewRoles: [WelfareRoles.officeUser, WelfareRoles.officeOperator], editRoles: social, allowInsert: false,
              rowFilter: { user in .and([.equals("user", .int(user.id)), active(from: nil, until: nil)]) }),
        Table("coachings.Coachings", model: "coachings.Coaching", label: "Coachings",
              columns: "client:28 user:18 start_date:10 end_date:10 type:16 primary:6 ending:16",
              viewRoles: staff + [WelfareRoles.contactsStaff], editRoles: staff),
        Table("coachings.CoachingTypes", model: "coachings.CoachingType", label: "Services",
              columns: "name:30 does_integ does_gss", detail: Layout("name\ndoes_integ does_gss"),
              viewRoles: social + [WelfareRoles.contactsStaff], editRoles: staff),
        Table("coachings.CoachingEndings", model: "coachings.CoachingEnding", label: "Coaching termination reasons",
              columns: "seqno:6 name:30 type:16", detail: Layout("seqno name\ntype"),
              viewRoles: social, editRoles: staff),
    ]

    public static let plugin = Plugin("coachings", models: [coachingType, coachingEnding, coaching], tables: tables, menu: [
        .table(["PCSW"], "coachings.MyCoachings"),
        .table(["Configuration", "PCSW"], "coachings.CoachingTypes"), .table(["Configuration", "PCSW"], "coachings.CoachingEndings"),
        .table(["Explorer", "PCSW"], "coachings.Coachings"),
    ], demo: [CoachingsDemo.step])
}
