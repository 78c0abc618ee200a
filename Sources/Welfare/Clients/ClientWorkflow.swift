import Lino

/// The states of a client and who moves them (domain section 5): newcomer ->
/// coached or refused, coached -> former (ending the open coachings), former ->
/// newcomer. Each change writes a system note (ClientRules.noteStateChange).
enum ClientWorkflow {
    typealias R = WelfareRoles

    static let workflow = Workflow(field: "client_state", transitions: [
        // Until the newcomers' "Assign" (which creates the primary coaching), a client is
        // marked coached only once somebody coaches them.
        .init("mark_coached", label: "Coached", from: ["10"], to: "30", roles: [R.newcomersOperator],
              effect: { ctx in
                  guard try !openCoachings(ctx).isEmpty else {
                      throw LinoError.veto(ctx.t("{client} has no coach yet: add a coaching in the Coaches tab first.", ["client": ctx.title]))
                  }
                  try ClientRules.noteStateChange(ctx, to: "30")
              }),
        .init("refuse_client", label: "Refuse", from: ["10"], to: "20", roles: [R.newcomersUser],
              params: [ChoiceField("reason", "Reason", ClientChoices.refusalReasons, required: true), TextField("remark", "Remark")],
              effect: { ctx in
                  let reason = ctx.params["reason"] ?? .null
                  try ctx.writer.update("pcsw.Client", id: ctx.record.id, ["refusal_reason": reason])
                  let reasonText = reason.stringValue.flatMap { ClientChoices.refusalReasons.choice($0) }.map { ctx.t($0.text) } ?? ""
                  try ClientRules.noteStateChange(ctx, to: "20", details: [reasonText, ctx.params["remark"]?.stringValue ?? ""])
              },
              message: { ctx in ctx.t("{client} is now refused.", ["client": ctx.title]) }),
        .init("mark_former", label: "Former", from: ["30"], to: "50", roles: [R.newcomersUser],
              confirm: { ctx in
                  let n = try openCoachings(ctx).count
                  return n == 0 ? nil : ctx.t(n == 1 ? "This will end 1 coaching of {client}." : "This will end {n} coachings of {client}.",
                                              ["n": String(n), "client": ctx.title])
              },
              effect: { ctx in
                  let today = ISODates.today()
                  let open = try openCoachings(ctx)
                  for c in open { try ctx.writer.update("coachings.Coaching", id: c.id, ["end_date": .text(today)]) }
                  try ClientRules.noteStateChange(ctx, to: "50",
                                                  details: open.isEmpty ? [] : [ctx.t("{n} coachings ended.", ["n": String(open.count)])])
              }),
        .init("mark_newcomer", label: "Newcomer", from: ["50"], to: "10", roles: [R.newcomersUser],
              effect: { ctx in try ClientRules.noteStateChange(ctx, to: "10") }),
    ])

    /// The client's coachings that have not ended before today.
    static func openCoachings(_ ctx: TransitionContext) throws -> [Record] {
        try ctx.writer.rows("coachings.Coaching", where: [.equals("client", ctx.record.id),
                                                         .or([.isNull("end_date"), .atLeast("end_date", .text(ISODates.today()))])])
    }
}
