using EmailTriage.Classification;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Mail;

namespace EmailTriage.Core.Tests.Classification;

public sealed class RuleClassifierTests
{
    private static readonly RuleClassifier Rules = new(TestLabels.Parse("""
        {
          "labels": [
            {
              "name": "Alerts",
              "description": "Automated alerts.",
              "rules": [
                { "domain": "planwise.example", "header": "X-Planwise-Type", "contains": "reminder" },
                { "header": "X-Alert" }
              ]
            },
            {
              "name": "Finance",
              "description": "Money.",
              "rules": [ { "from": "statements@bank.example" }, { "subject": "invoice" } ]
            },
            { "name": "Shop", "description": "Shopping.", "rules": [ { "domain": "example.com" } ] },
            { "name": "Lists", "description": "Mailing lists.", "rules": [ { "listId": "news.example.org" } ] }
          ],
          "fallback": "Review"
        }
        """));

    private static Decision? Classify(Eml eml) => Rules.Classify(new MailReader(800).Read("m", eml.ToBytes()));

    [Fact]
    public void From_rule_matches_the_address_case_insensitively()
    {
        var decision = Classify(new Eml { From = "Lakeside Bank <Statements@Bank.Example>" });

        Assert.NotNull(decision);
        Assert.Equal("Finance", decision.Label);
        Assert.Equal(DecisionSource.Rule, decision.Source);
        Assert.Equal("rule: from statements@bank.example", decision.Reason);
    }

    [Fact]
    public void From_rule_needs_the_whole_address()
    {
        Assert.Null(Classify(new Eml { From = "mystatements@bank.example" }));
    }

    [Theory]
    [InlineData("shop@example.com")]
    [InlineData("news@mail.example.com")]
    [InlineData("deals@Deep.Mail.EXAMPLE.com")]
    public void Domain_rule_matches_the_domain_and_its_subdomains(string from)
    {
        Assert.Equal("Shop", Classify(new Eml { From = from })?.Label);
    }

    [Theory]
    [InlineData("phish@evilexample.com")]
    [InlineData("phish@example.com.evil.net")]
    [InlineData("example.com@evil.net")]
    public void Domain_rule_does_not_match_lookalike_domains(string from)
    {
        Assert.Null(Classify(new Eml { From = from }));
    }

    [Fact]
    public void List_id_rule_matches_part_of_the_header()
    {
        var decision = Classify(new Eml { From = "list@lists.example.net", Headers = ["List-Id: Example News <news.example.org>"] });

        Assert.Equal("Lists", decision?.Label);
    }

    [Fact]
    public void Subject_rule_matches_case_insensitively()
    {
        Assert.Equal("Finance", Classify(new Eml { Subject = "Your INVOICE for May" })?.Label);
    }

    [Fact]
    public void Header_rule_without_contains_asks_only_for_presence()
    {
        Assert.Equal("Alerts", Classify(new Eml { Headers = ["x-alert: anything"] })?.Label);
        Assert.Null(Classify(new Eml { Headers = ["X-Alerted: yes"] }));
    }

    [Fact]
    public void Header_rule_with_contains_checks_the_value()
    {
        var decision = Classify(new Eml { From = "noreply@planwise.example", Headers = ["X-Planwise-Type: Reminder/Daily"] });

        Assert.Equal("Alerts", decision?.Label);
        Assert.Equal("rule: domain planwise.example and header X-Planwise-Type contains 'reminder'", decision?.Reason);
    }

    [Fact]
    public void Every_condition_of_a_rule_must_hold()
    {
        Assert.Null(Classify(new Eml { From = "noreply@planwise.example", Headers = ["X-Planwise-Type: digest"] }));
        Assert.Null(Classify(new Eml { From = "noreply@planwise.example" }));
        Assert.Null(Classify(new Eml { From = "noreply@other.example", Headers = ["X-Planwise-Type: reminder"] }));
    }

    [Fact]
    public void First_label_in_file_order_wins()
    {
        Assert.Equal("Finance", Classify(new Eml { From = "billing@example.com", Subject = "Invoice 12" })?.Label);
        Assert.Equal("Alerts", Classify(new Eml { From = "billing@example.com", Headers = ["X-Alert: 1"] })?.Label);
    }

    [Fact]
    public void No_matching_rule_gives_no_decision()
    {
        Assert.Null(Classify(new Eml { From = "friend@home.example", Subject = "Dinner?" }));
    }

    [Fact]
    public void Message_without_sender_matches_no_sender_rule()
    {
        Assert.Null(Classify(new Eml { From = null, Subject = "Hi" }));
    }
}
