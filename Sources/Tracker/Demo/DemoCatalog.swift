/// The journey types of the demo, each with its typical course across the
/// seeded sectors and the obstacles it typically meets. Obstacles are
/// concentrated on a few rules and sector pairs, as they are in practice.
struct DemoJourneyType {
    struct Stage {
        let sector: String
        let kind: StepKind
        /// The chance the stage happens at all.
        var probability = 1.0
    }

    struct ObstacleTemplate {
        let category: String
        let sectors: [String]
        let rule: String?
        let description: String
        let weight: Double
        let medianDelayDays: Double
        let severity: ClosedRange<Int>
    }

    let id: String
    let title: String
    let goals: [String]
    let share: Double
    let stages: [Stage]
    let measures: [String]
    /// Mean obstacles per journey.
    let obstacleRate: Double
    let obstacles: [ObstacleTemplate]
    let medianGapDays: Double
    let birthYears: ClosedRange<Int>
}

enum DemoCatalog {
    static let types: [DemoJourneyType] = [
        DemoJourneyType(
            id: "sick_leave_to_work", title: "Sick leave to work",
            goals: ["Back in my old job", "Back to work part-time", "Find work I can manage with my back"],
            share: 0.28,
            stages: [.init(sector: "general_practice", kind: .referral), .init(sector: "employment", kind: .assessment),
                     .init(sector: "benefits_agency", kind: .decision, probability: 0.3),
                     .init(sector: "hospital", kind: .assessment), .init(sector: "hospital", kind: .service, probability: 0.5),
                     .init(sector: "employment", kind: .meeting), .init(sector: "municipal_health", kind: .service, probability: 0.35),
                     .init(sector: "employment", kind: .service), .init(sector: "employment", kind: .decision)],
            measures: ["who5", "work_hours", "public_cost"], obstacleRate: 1.3,
            obstacles: [
                .init(category: "regulation", sectors: ["employment", "hospital"], rule: "Sygedagpengeloven § 7",
                      description: "Sickness benefit reached its time limit before the hospital assessment was done",
                      weight: 6, medianDelayDays: 35, severity: 3...5),
                .init(category: "documentation", sectors: ["employment", "general_practice"], rule: "Sygedagpengeloven § 13",
                      description: "Extension needed a new medical certificate; the GP had no appointment for weeks",
                      weight: 3, medianDelayDays: 18, severity: 2...4),
                .init(category: "data_sharing", sectors: ["employment", "hospital"], rule: "Sundhedsloven § 41",
                      description: "Hospital records could not be shared with the job centre without new consent",
                      weight: 3, medianDelayDays: 14, severity: 2...4),
                .init(category: "regulation", sectors: ["employment", "municipal_health"], rule: "LAB § 30",
                      description: "Required activation offer clashed with ongoing rehabilitation",
                      weight: 2, medianDelayDays: 21, severity: 2...4),
                .init(category: "coordination", sectors: ["employment", "general_practice"], rule: nil,
                      description: "Round-table meeting could not find a date with the GP",
                      weight: 1, medianDelayDays: 10, severity: 1...3),
            ],
            medianGapDays: 16, birthYears: 1962...1998),
        DemoJourneyType(
            id: "youth_without_education", title: "Young person without education",
            goals: ["Start and finish an education", "Get a trainee place", "Finish upper secondary"],
            share: 0.18,
            stages: [.init(sector: "primary_school", kind: .handover, probability: 0.6), .init(sector: "employment", kind: .assessment),
                     .init(sector: "social_adults", kind: .meeting, probability: 0.5), .init(sector: "upper_secondary", kind: .meeting),
                     .init(sector: "social_adults", kind: .service, probability: 0.45), .init(sector: "upper_secondary", kind: .service),
                     .init(sector: "employment", kind: .decision)],
            measures: ["who5", "work_hours", "public_cost"], obstacleRate: 1.0,
            obstacles: [
                .init(category: "regulation", sectors: ["employment", "upper_secondary"], rule: "LAB § 30",
                      description: "Activation duty started before the school year; the education start was lost",
                      weight: 5, medianDelayDays: 60, severity: 3...5),
                .init(category: "governance_conflict", sectors: ["social_adults", "upper_secondary"], rule: "Serviceloven § 85",
                      description: "Support person not granted during school hours: each sector pointed to the other",
                      weight: 3, medianDelayDays: 30, severity: 2...4),
                .init(category: "data_sharing", sectors: ["employment", "primary_school"], rule: "Databeskyttelsesforordningen art. 6",
                      description: "School could not hand over its assessment to the youth team",
                      weight: 2, medianDelayDays: 20, severity: 1...3),
                .init(category: "coordination", sectors: ["employment", "social_adults", "upper_secondary"], rule: nil,
                      description: "Three plans for the same young person, none shared",
                      weight: 1, medianDelayDays: 14, severity: 1...3),
            ],
            medianGapDays: 21, birthYears: 1998...2008),
        DemoJourneyType(
            id: "discharge_rehabilitation", title: "Discharge and rehabilitation",
            goals: ["Manage at home again", "Walk to the shop on my own", "Live without home care"],
            share: 0.18,
            stages: [.init(sector: "hospital", kind: .decision), .init(sector: "municipal_health", kind: .assessment),
                     .init(sector: "municipal_health", kind: .service), .init(sector: "elder_care", kind: .service, probability: 0.6),
                     .init(sector: "general_practice", kind: .meeting, probability: 0.7),
                     .init(sector: "municipal_health", kind: .decision)],
            measures: ["who5", "public_cost"], obstacleRate: 1.1,
            obstacles: [
                .init(category: "regulation", sectors: ["hospital", "municipal_health"], rule: "Sundhedsloven § 140",
                      description: "No rehabilitation plan at discharge, so municipal training could not start",
                      weight: 6, medianDelayDays: 16, severity: 3...5),
                .init(category: "data_sharing", sectors: ["elder_care", "hospital"], rule: "Sundhedsloven § 41",
                      description: "Discharge letter did not reach home care before the patient came home",
                      weight: 3, medianDelayDays: 5, severity: 2...4),
                .init(category: "coordination", sectors: ["hospital", "municipal_health"], rule: nil,
                      description: "Discharged Friday afternoon with no handover",
                      weight: 2, medianDelayDays: 4, severity: 2...3),
                .init(category: "governance_conflict", sectors: ["elder_care", "municipal_health"], rule: "Serviceloven § 83",
                      description: "Home care and rehabilitation visited on separate budgets and schedules",
                      weight: 1, medianDelayDays: 12, severity: 1...3),
            ],
            medianGapDays: 9, birthYears: 1935...1965),
        DemoJourneyType(
            id: "mental_health_employment", title: "Mental health and employment",
            goals: ["Hold a job with my anxiety", "Ten hours a week in a workplace", "Fewer bad days"],
            share: 0.14,
            stages: [.init(sector: "general_practice", kind: .referral), .init(sector: "psychiatry", kind: .assessment),
                     .init(sector: "psychiatry", kind: .service), .init(sector: "employment", kind: .meeting),
                     .init(sector: "social_adults", kind: .service, probability: 0.6), .init(sector: "employment", kind: .service),
                     .init(sector: "employment", kind: .decision)],
            measures: ["who5", "work_hours", "public_cost"], obstacleRate: 1.6,
            obstacles: [
                .init(category: "governance_conflict", sectors: ["employment", "psychiatry"], rule: "LAB § 30",
                      description: "Job centre demanded availability while psychiatric treatment was ongoing",
                      weight: 5, medianDelayDays: 45, severity: 3...5),
                .init(category: "regulation", sectors: ["psychiatry", "social_adults"], rule: "Serviceloven § 85",
                      description: "Social support refused until the psychiatric assessment was finished",
                      weight: 3, medianDelayDays: 40, severity: 3...5),
                .init(category: "data_sharing", sectors: ["employment", "psychiatry"], rule: "Sundhedsloven § 41",
                      description: "Psychiatry could not share its assessment with the job centre",
                      weight: 3, medianDelayDays: 21, severity: 2...4),
                .init(category: "mandate", sectors: ["employment", "psychiatry"], rule: nil,
                      description: "No one with the mandate to agree a joint plan",
                      weight: 1, medianDelayDays: 20, severity: 2...4),
            ],
            medianGapDays: 24, birthYears: 1970...2003),
        DemoJourneyType(
            id: "vulnerable_family", title: "Vulnerable family",
            goals: ["The children thrive at school", "A stable home", "The family manages on its own"],
            share: 0.12,
            stages: [.init(sector: "children_families", kind: .referral), .init(sector: "children_families", kind: .assessment),
                     .init(sector: "primary_school", kind: .meeting), .init(sector: "psychiatry", kind: .assessment, probability: 0.5),
                     .init(sector: "housing", kind: .service, probability: 0.5), .init(sector: "children_families", kind: .service),
                     .init(sector: "children_families", kind: .decision)],
            measures: ["who5", "public_cost"], obstacleRate: 1.4,
            obstacles: [
                .init(category: "regulation", sectors: ["children_families", "psychiatry"], rule: "Barnets lov § 20",
                      description: "Child assessment had to wait for the child psychiatric examination",
                      weight: 4, medianDelayDays: 50, severity: 3...5),
                .init(category: "documentation", sectors: ["children_families", "primary_school"], rule: "Serviceloven § 153",
                      description: "Notification duty documented three times in three systems",
                      weight: 2, medianDelayDays: 10, severity: 1...3),
                .init(category: "mandate", sectors: ["children_families", "housing"], rule: "Almenboligloven § 59",
                      description: "Housing allocation outside the caseworker's mandate",
                      weight: 2, medianDelayDays: 45, severity: 2...4),
                .init(category: "data_sharing", sectors: ["children_families", "psychiatry"], rule: "Sundhedsloven § 41",
                      description: "Psychiatry's findings not shared with the family's caseworker",
                      weight: 2, medianDelayDays: 15, severity: 2...4),
            ],
            medianGapDays: 18, birthYears: 1978...2000),
        DemoJourneyType(
            id: "addiction_housing", title: "Addiction and housing",
            goals: ["A home of my own", "Stay off drugs", "Keep my flat"],
            share: 0.10,
            stages: [.init(sector: "social_adults", kind: .referral), .init(sector: "municipal_health", kind: .service),
                     .init(sector: "police_prison", kind: .handover, probability: 0.25), .init(sector: "housing", kind: .decision),
                     .init(sector: "social_adults", kind: .service), .init(sector: "employment", kind: .meeting, probability: 0.5)],
            measures: ["who5", "public_cost", "work_hours"], obstacleRate: 1.5,
            obstacles: [
                .init(category: "mandate", sectors: ["housing", "social_adults"], rule: "Almenboligloven § 59",
                      description: "No housing could be allocated before treatment was finished",
                      weight: 4, medianDelayDays: 70, severity: 3...5),
                .init(category: "governance_conflict", sectors: ["municipal_health", "social_adults"], rule: "Serviceloven § 101",
                      description: "Treatment guarantee and housing support ran on separate plans",
                      weight: 3, medianDelayDays: 25, severity: 2...4),
                .init(category: "regulation", sectors: ["housing", "social_adults"], rule: "Serviceloven § 107",
                      description: "Temporary housing ended before a permanent home was found",
                      weight: 2, medianDelayDays: 40, severity: 3...5),
                .init(category: "data_sharing", sectors: ["police_prison", "social_adults"], rule: nil,
                      description: "Release date not shared with the municipality",
                      weight: 1, medianDelayDays: 14, severity: 2...4),
            ],
            medianGapDays: 20, birthYears: 1965...2002),
    ]

    static let units: [String: [String]] = [
        "employment": ["Jobcenter Roskilde", "Jobcenter Køge", "Jobcenter Holbæk"],
        "social_adults": ["Socialcenter Roskilde", "Voksenrådgivningen Køge"],
        "children_families": ["Familierådgivningen Roskilde", "Børn og Familie Køge"],
        "elder_care": ["Hjemmeplejen Nord", "Hjemmeplejen Syd"],
        "municipal_health": ["Sundhedscenter Roskilde", "Genoptræningscenter Køge"],
        "primary_school": ["Lindebjergskolen", "Søndre Skole"],
        "housing": ["Boliganvisningen", "Roskilde Boligselskab"],
        "hospital": ["Sjællands Universitetshospital", "Holbæk Sygehus"],
        "psychiatry": ["Psykiatrien Region Sjælland", "Børne- og Ungdomspsykiatrien"],
        "general_practice": ["Lægehuset Algade", "Lægerne Ved Stationen", "Lægehuset Trekroner"],
        "benefits_agency": ["Udbetaling Danmark"],
        "upper_secondary": ["Roskilde Tekniske Skole", "Køge Handelsskole", "Roskilde Gymnasium"],
        "police_prison": ["Midt- og Vestsjællands Politi", "Kriminalforsorgen Roskilde"],
        "tax": ["Skattestyrelsen"],
    ]

    static let ownerFirstNames = ["Anne", "Bo", "Camilla", "Dorthe", "Emil", "Fatima", "Gitte", "Henrik", "Ida",
                                  "Jonas", "Karen", "Lars", "Mette", "Nikolaj", "Ole", "Pernille", "Rasmus", "Sofie"]
    static let ownerLastNames = ["Holm", "Nielsen", "Juhl", "Lund", "Krogh", "Ali", "Skov", "Berg", "Winther", "Falk",
                                 "Dahl", "Møller", "Jensen", "Hansen", "Pedersen", "Larsen", "Sørensen", "Rasmussen",
                                 "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen",
                                 "Poulsen", "Johansen", "Knudsen", "Mortensen", "Kaya"]

    /// Caseworkers in proportion to the journeys, about 150 each over the
    /// years (a caseload of a few dozen open at a time), so a large demo
    /// does not give a dozen people a hundred thousand journeys each.
    static func owners(forJourneys journeys: Int) -> [String] {
        let count = min(max(12, journeys / 150), ownerFirstNames.count * ownerLastNames.count)
        return (0..<count).map { index in
            let first = ownerFirstNames[index % ownerFirstNames.count]
            let last = ownerLastNames[(index / ownerFirstNames.count + index) % ownerLastNames.count]
            return first + " " + last
        }
    }
}

/// A challenge the demo files, and the answer it gets.
struct DemoChallenge {
    let challenge: NewRuleChallenge
    let response: ChallengeResponse?
    /// For a grant: the share of the rule's obstacles that no longer arise
    /// from the effective day, and what the delay of the rest is cut to.
    var dropped = 0.0
    var delayFactor = 1.0
}

extension DemoCatalog {
    /// One rule exempted (its obstacles become rarer and shorter after the
    /// effective day), one refused (nothing changes), one still pending.
    static let challenges: [DemoChallenge] = [
        DemoChallenge(
            challenge: NewRuleChallenge(
                ruleRef: "Sygedagpengeloven § 7", authority: "Beskæftigelsesministeriet", submittedAt: "2024-11-04",
                request: "Exemption from the requirement of a new medical statement at each follow-up meeting",
                caseRef: "BM 2024-3318"),
            response: ChallengeResponse(outcome: .granted, at: "2025-05-20", effectiveFrom: "2025-07-01",
                                        note: "Exemption granted as a trial for three years"),
            dropped: 0.5, delayFactor: 0.5),
        DemoChallenge(
            challenge: NewRuleChallenge(
                ruleRef: "Almenboligloven § 59", authority: "Social- og Boligministeriet", submittedAt: "2024-09-02",
                request: "Allow the municipality to assign housing before the debt is settled", caseRef: "SBM 24/1187"),
            response: ChallengeResponse(outcome: .refused, at: "2025-01-15",
                                        note: "The rule protects the housing associations' finances")),
        DemoChallenge(
            challenge: NewRuleChallenge(
                ruleRef: "LAB § 30", authority: "Styrelsen for Arbejdsmarked og Rekruttering", submittedAt: "2026-09-15",
                request: "One joint plan instead of separate plans in employment and psychiatry"),
            response: nil),
    ]

    /// The grant in effect on `day` for `rule`, if any.
    static func grant(of rule: String?, onDay day: Int) -> DemoChallenge? {
        guard let rule else { return nil }
        return challenges.first { demo in
            guard demo.challenge.ruleRef == rule, let response = demo.response, response.outcome.takesEffect,
                  let effective = response.effectiveFrom.flatMap(Timestamp.days) else { return false }
            return Double(day) >= effective
        }
    }
}
