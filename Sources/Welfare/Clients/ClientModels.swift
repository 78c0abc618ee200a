import Lino

/// The client (Lino's `pcsw.Client`): a person the centre helps, with the social
/// data of domain section 5, and the small configuration models around it.
enum ClientModels {
    static let social = [WelfareRoles.socialUser]

    /// Named in every site language (Lino names them in one: a French reader would see
    /// "Search" where a German one types "Suche").
    static let personGroup = Model.babelNamed("pcsw.PersonGroup", label: "Integration phase", plural: "Integration phases") {
        CharField("ref_name", "Reference name", maxLength: 20)
        BoolField("active", "Active", default: true)
    }
    .ordered(["ref_name"])

    static let aidType = Model.babelNamed("pcsw.AidType", label: "Aid type", plural: "Aid types")

    static let activity = Model("pcsw.Activity", label: "Activity", plural: "Activities") {
        CharField("name", "Designation", required: true)
    }
    .title(["name"]) { $0.string("name") }
    .ordered(["name"])

    static let dispenseReason = Model.babelNamed("pcsw.DispenseReason", label: "Dispense reason", plural: "Dispense reasons")

    static let exclusionType = Model.babelNamed("pcsw.ExclusionType", label: "Exclusion type", plural: "Exclusion types")

    static let client = Model("pcsw.Client", label: "Client", plural: "Clients", extends: "contacts.Person") {
        ChoiceField("client_state", "State", ClientChoices.states, required: true, default: "10")
        ChoiceField("civil_state", "Civil state", ClientChoices.civilStates).editable(by: social)
        ForeignKey("nationality", "Nationality", to: "countries.Country").editable(by: social)
        ForeignKey("birth_country", "Birth country", to: "countries.Country").editable(by: social)
        ChoiceField("residence_type", "Residence type", ClientChoices.residenceTypes).editable(by: social)
        DateField("in_belgium_since", "Lives in Belgium since").editable(by: social)
        DateField("residence_until", "Residence until").editable(by: social)
        DateField("unemployed_since", "Unemployed since").editable(by: social)
        DateField("seeking_since", "Seeking work since").editable(by: social)
        DateField("work_permit_suspended_until", "Work permit suspended until").editable(by: social)
        DateField("unavailable_until", "Unavailable until").editable(by: social)
        CharField("unavailable_why", "Reason of unavailability").editable(by: social)
        BoolField("needs_residence_permit", "Needs residence permit").editable(by: social)
        BoolField("needs_work_permit", "Needs work permit").editable(by: social)
        BoolField("is_seeking", "Seeking work").editable(by: social)
        ForeignKey("group", "Integration phase", to: "pcsw.PersonGroup").editable(by: social)
        ForeignKey("aid_type", "Aid type", to: "pcsw.AidType").editable(by: social)
        ForeignKey("activity", "Activity", to: "pcsw.Activity").editable(by: social)
        ChoiceField("refusal_reason", "Refusal reason", ClientChoices.refusalReasons).editable(by: [WelfareRoles.newcomersOperator])
        TextField("skills", "Other skills").editable(by: social)
        TextField("obstacles", "Other obstacles").editable(by: social)
    }
    // "AUSDEMWALD Alfons (116)", obsolete ones with a star: "FAYMONVILLE Luc (130*)".
    .title(["last_name", "first_name", "id", "is_obsolete"]) { r in
        "\(r.string("last_name").uppercased()) \(r.string("first_name")) (\(r.string("id"))\(r["is_obsolete"].boolValue ? "*" : ""))"
    }
    .searchable(["national_id", "phone", "gsm"])
    // A card read today or later is valid; none or an expired one must be read.
    .virtual(CharField("eid_info", "eID card"), needs: ["card_number", "card_type", "card_issuer", "card_valid_from", "card_valid_until"],
             alert: { r in ClientRules.mustReadCard(r) }) { r in
        ClientRules.mustReadCard(r) ? .text(r.t("Must read eID card!")) : .text(ClientRules.cardText(r))
    }
    .computed(CharField("coaches", "Coaches")) { records, clients in
        try ClientRules.coaches(records, clients).map { list in .text(list.map(\.name).joined(separator: ", ")) }
    }
    .computed(CharField("primary_coach", "Primary coach")) { records, clients in
        try ClientRules.coaches(records, clients).map { list in list.first { $0.primary }.map { .text($0.name) } ?? .null }
    }
    .computed(CharField("similar_clients", "Similar clients")) { records, clients in
        try SimilarClients.find(records, clients).map { list in list.isEmpty ? .null : .text(list.joined(separator: "; ")) }
    }
    .afterSave { w, saved in try SimilarClients.keepWords(w, saved) }
    .afterSave { w, saved in try ClientReminders.clientSaved(w, saved) }
    .beforeDelete { w, client in try ClientReminders.clientDeleted(w, client) }
    .confirmInsert { records, values, lang in try SimilarClients.question(records, values, lang) }

    static let dispense = Model("pcsw.Dispense", label: "Dispense", plural: "Dispenses") {
        ForeignKey("client", "Client", to: "pcsw.Client", required: true, onDelete: .cascade)
        ForeignKey("reason", "Reason", to: "pcsw.DispenseReason")
        DateField("start_date", "Valid from")
        DateField("end_date", "Valid until")
        CharField("remarks", "Remark")
    }
    .period()

    static let exclusion = Model("pcsw.Exclusion", label: "Exclusion", plural: "Exclusions") {
        ForeignKey("person", "Client", to: "pcsw.Client", required: true, onDelete: .cascade)
        ForeignKey("type", "Reason", to: "pcsw.ExclusionType")
        DateField("excluded_from", "from")
        DateField("excluded_until", "until")
        CharField("remark", "Remark")
    }
    .period(from: "excluded_from", until: "excluded_until")

    /// The phonetic words of each client's names, their pairs and each with the birth
    /// date, for finding duplicates (Lino's `dupable`; see `SimilarClients`).
    static let phoneticWord = Model("dupable.PhoneticWord", label: "Phonetic word", plural: "Phonetic words") {
        ForeignKey("client", "Client", to: "pcsw.Client", required: true, onDelete: .cascade)
        CharField("word", "Word", maxLength: 20, indexed: true)
    }

    static let all = [personGroup, aidType, activity, dispenseReason, exclusionType, client, dispense, exclusion, phoneticWord]
}
