using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Ci;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// Where each change of a stopped sync stood (from its result, or from how far its requests got), and the warning and the
/// run's summary that say so: a change Immuta answered is made, with its id; only one never sent is not made.
/// </summary>
public sealed class StopReportTests
{
    private static IntegrationPlanItem Item(IntegrationPlanAction action, string target, string? id = null) =>
        new() { Action = action, Type = "Databricks", Target = target, Id = id, Source = $"/plans/{target}.yaml" };

    private static JournalEntry Sent(ChangeRequest request, string? id = null) => new(request, id, answered: false, status: null);

    private static JournalEntry Answered(ChangeRequest request, string id, string status) => new(request, id, answered: true, status);

    private static IntegrationSyncResult Ended(IntegrationPlanItem item, IntegrationSyncOutcome outcome, string message, string? id) =>
        new() { Action = item.Action, Type = item.Type, Target = item.Target, Id = id, Outcome = outcome, Message = message };

    // One change in every standing, in plan order.
    private static StoppedItem[] EveryStanding()
    {
        IntegrationPlanItem unchanged = Item(IntegrationPlanAction.NoChange, "same.example", "2");
        IntegrationPlanItem settled = Item(IntegrationPlanAction.Create, "settled.example");
        IntegrationPlanItem failed = Item(IntegrationPlanAction.Create, "failed.example");
        return
        [
            StoppedItem.Of(unchanged, Ended(unchanged, IntegrationSyncOutcome.Done, "no change", "2"), []),
            StoppedItem.Of(settled, Ended(settled, IntegrationSyncOutcome.Done, "created", "16"), [Answered(ChangeRequest.Create, "16", "creating")]),
            StoppedItem.Of(failed, Ended(failed, IntegrationSyncOutcome.Failed, "Integration 18 is createError: the test failed.", null),
                [Answered(ChangeRequest.Create, "18", "creating")]),
            StoppedItem.Of(Item(IntegrationPlanAction.Create, "accepted.example"), null, [Answered(ChangeRequest.Create, "17", "creating")]),
            StoppedItem.Of(Item(IntegrationPlanAction.Update, "edited.example", "4"), null, [Answered(ChangeRequest.Update, "4", "editing")]),
            StoppedItem.Of(Item(IntegrationPlanAction.Create, "flying.example"), null, [Sent(ChangeRequest.Create)]),
            StoppedItem.Of(Item(IntegrationPlanAction.Create, "waiting.example"), null, []),
            StoppedItem.Of(Item(IntegrationPlanAction.Delete, "dropped.example", "9"), null, []),
        ];
    }

    [Fact]
    public void A_change_Immuta_answered_is_made_and_not_settled_with_the_id_it_gave()
    {
        StoppedItem item = StoppedItem.Of(Item(IntegrationPlanAction.Create, "a.example"), null,
            [Answered(ChangeRequest.Create, "17", "creating")]);

        Assert.Equal((StopStanding.Accepted, "17", "accepted, not settled"), (item.Standing, item.Id, item.Outcome));
    }

    [Fact]
    public void A_change_sent_without_an_answer_is_not_known_and_one_never_sent_is_not_made()
    {
        StoppedItem flying = StoppedItem.Of(Item(IntegrationPlanAction.Update, "a.example", "4"), null, [Sent(ChangeRequest.Update, "4")]);
        StoppedItem waiting = StoppedItem.Of(Item(IntegrationPlanAction.Update, "b.example", "5"), null, []);

        Assert.Equal((StopStanding.InFlight, "4", "in flight, not known"), (flying.Standing, flying.Id, flying.Outcome));
        Assert.Contains("not known", flying.Message);
        Assert.Equal((StopStanding.NotSent, "5", "not sent"), (waiting.Standing, waiting.Id, waiting.Outcome));
        Assert.Equal("not sent, so not made; integration 5 is as it was", waiting.Message);
    }

    [Fact]
    public void A_replace_whose_delete_was_accepted_and_whose_create_was_not_sent_says_exactly_that()
    {
        StoppedItem item = StoppedItem.Of(Item(IntegrationPlanAction.Replace, "a.example", "5"), null, [Answered(ChangeRequest.Delete, "5", "deleting")]);

        Assert.Equal((StopStanding.Accepted, "5"), (item.Standing, item.Id));
        Assert.Equal("the delete of integration 5 was accepted by Immuta (deleting) and not settled when stopped; Immuta goes on with it; "
            + "the create of its replacement was not sent", item.Message);
    }

    [Fact]
    public void A_replace_whose_create_was_answered_names_both_integrations()
    {
        StoppedItem accepted = StoppedItem.Of(Item(IntegrationPlanAction.Replace, "a.example", "5"), null,
            [Answered(ChangeRequest.Delete, "5", "deleting"), Answered(ChangeRequest.Create, "31", "creating")]);
        StoppedItem flying = StoppedItem.Of(Item(IntegrationPlanAction.Replace, "a.example", "5"), null,
            [Answered(ChangeRequest.Delete, "5", "deleting"), Sent(ChangeRequest.Create)]);

        Assert.Equal((StopStanding.Accepted, "31"), (accepted.Standing, accepted.Id));
        Assert.StartsWith("integration 5 was deleted; its replacement, integration 31, was accepted by Immuta (creating)", accepted.Message);
        Assert.Equal((StopStanding.InFlight, null), (flying.Standing, flying.Id));
        Assert.StartsWith("integration 5 was deleted; the create of its replacement was sent, and no answer was read", flying.Message);
    }

    [Fact]
    public void A_failed_creation_keeps_the_id_Immuta_gave_it()
    {
        IntegrationPlanItem plan = Item(IntegrationPlanAction.Create, "a.example");

        StoppedItem item = StoppedItem.Of(plan, Ended(plan, IntegrationSyncOutcome.Failed, "failed", null), [Answered(ChangeRequest.Create, "18", "creating")]);

        Assert.Equal((StopStanding.Failed, "18"), (item.Standing, item.Id));
    }

    [Fact]
    public void The_report_lists_each_change_under_where_it_stood_with_ids_and_how_to_follow_or_find_out()
    {
        string report = StopReport.For("Sync-ImmutaIntegration", EveryStanding());

        Assert.Equal(
            """
            Sync-ImmutaIntegration was stopped. Where each change stands:
            Made and settled (1):
              Create Databricks settled.example (id 16)
            Made, not yet settled (2): Immuta accepted these and goes on with them; follow them with Wait-ImmutaIntegration -Id 17,4.
              Create Databricks accepted.example (id 17)
              Update Databricks edited.example (id 4)
            Failed (1): each error says why.
              Create Databricks failed.example (id 18): Integration 18 is createError: the test failed.
            In flight at the stop, so not known (1): sent, but no answer was read; Get-ImmutaIntegration, or Compare-ImmutaIntegration on the same files, tells whether each was made.
              Create Databricks flying.example
            Not sent, so not made (2): running Sync-ImmutaIntegration again makes them.
              Create Databricks waiting.example
              Delete Databricks dropped.example (id 9)
            """.ReplaceLineEndings("\n"), report);
    }

    [Fact]
    public void A_report_where_every_change_was_answered_says_nothing_is_not_made()
    {
        IntegrationPlanItem settled = Item(IntegrationPlanAction.Create, "settled.example");
        StoppedItem[] items =
        [
            StoppedItem.Of(settled, Ended(settled, IntegrationSyncOutcome.Done, "created", "1"), [Answered(ChangeRequest.Create, "1", "creating")]),
            StoppedItem.Of(Item(IntegrationPlanAction.Create, "accepted.example"), null, [Answered(ChangeRequest.Create, "2", "creating")]),
        ];

        string report = StopReport.For("Sync-ImmutaIntegration", items);

        Assert.DoesNotContain("not made", report);
        Assert.DoesNotContain("not known", report);
        Assert.Contains("Wait-ImmutaIntegration -Id 2.", report);
    }

    [Fact]
    public void The_summary_of_a_stop_counts_each_standing_and_shows_every_change_with_its_outcome_and_id()
    {
        SummaryTable table = IntegrationSummaries.Stopped(EveryStanding());

        Assert.Equal("Sync-ImmutaIntegration: stopped part way, what was made", table.Title);
        Assert.Equal("1 made and settled, 2 made and not yet settled (Immuta goes on with them), 1 failed, 1 in flight at the stop (not known), "
            + "2 not sent (not made), 1 unchanged", table.Counts);
        Assert.Equal(
            [
                ("NoChange", "2", "Done"), ("Create", "16", "Done"), ("Create", "18", "Failed"), ("Create", "17", "accepted, not settled"),
                ("Update", "4", "accepted, not settled"), ("Create", null, "in flight, not known"), ("Create", null, "not sent"),
                ("Delete", "9", "not sent"),
            ],
            table.Rows.Select(row => (row[0], row[3], row[5])));
    }
}
