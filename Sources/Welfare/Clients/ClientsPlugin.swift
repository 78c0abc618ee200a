import Lino

/// Clients (Lino's `pcsw`): the persons the centre helps, their states, social
/// data, dispenses and penalties, duplicates; the welcome page's "My clients".
public enum ClientsPlugin {
    public static let plugin = Plugin("pcsw", models: ClientModels.all, tables: ClientTables.tables,
                                      dashboard: [DashboardItem("pcsw.MyClients")],
                                      menu: [
                                          .table(["Contacts"], "pcsw.Clients"),
                                          .table(["PCSW"], "pcsw.CoachedClients"), .table(["PCSW"], "pcsw.MyClients"),
                                          .table(["Configuration", "PCSW"], "pcsw.PersonGroups"),
                                          .table(["Configuration", "PCSW"], "pcsw.AidTypes"),
                                          .table(["Configuration", "PCSW"], "pcsw.Activities"),
                                          .table(["Configuration", "PCSW"], "pcsw.DispenseReasons"),
                                          .table(["Configuration", "PCSW"], "pcsw.ExclusionTypes"),
                                      ],
                                      choiceLists: [ClientChoices.states, ClientChoices.civilStates, ClientChoices.residenceTypes,
                                                    ClientChoices.refusalReasons, ClientChoices.events],
                                      checkers: ClientCheckers.all,
                                      actionsOn: ["contacts.Persons": [MakeClient.action]],
                                      demo: [ClientsDemo.step], demoExtensions: [ClientsDemo.persons])

    /// Fields of users that social work needs (domain section 2).
    public static let userFields: [Field] = [
        ForeignKey("coaching_type", "Default service", to: "coachings.CoachingType"),
        IntField("newcomer_quota", "Newcomer quota"),
        BoolField("newcomer_consultations", "Newcomer consultations"),
        BoolField("newcomer_appointments", "Newcomer appointments"),
    ]
    public static let userPanel = Panel("Social work", "coaching_type:20 newcomer_quota\nnewcomer_consultations newcomer_appointments")
}
