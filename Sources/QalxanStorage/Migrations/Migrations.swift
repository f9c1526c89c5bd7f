import FluentKit

/// Every migration, in order. Additive only, so the same list runs on SQLite and
/// PostgreSQL and upgrades never lose data.
public enum QalxanMigrations {
    public static let all: [any Migration] = [
        CreateUser(),
        CreateSession(),
        CreateAPIToken(),
        CreateSetting(),
        CreateCounter(),
        CreateIncident(),
        CreateReport(),
        CreateBlob(),
        CreateEvidence(),
        CreateTimelineEntry(),
        CreateAuditLog(),
        AddSearchIndexToIncident(),
        AddStatusAssigneeIndexToIncident(),
        CreateSector(),
        CreateOrganisation(),
        CreateContact(),
        CreateNetwork(),
        CreateGeoRange(),
        CreateIncidentOrganisation(),
        CreateFeed(),
        CreateIngestRun(),
        CreateQuarantinedRow(),
        CreateEvent(),
        AddMappingToIngestRun(),
        CreateAdvisory(),
        CreateArticle(),
        CreateMailMessage(),
        CreateMailTemplate(),
        AddMailStateToConstituency(),
    ]
}
