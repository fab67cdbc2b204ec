"""The composition root: one place that builds the services, for production, the demo and the tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine

from bot.clock import Clock, SystemClock
from bot.config import PilotConfig, load_config
from bot.db.retry import Health
from bot.db.session import make_engine
from bot.domain.phi import Guard
from bot.metrics import Counters
from bot.outbox import Deliverer
from bot.services.adoption import AdoptionService
from bot.services.bulletin import BulletinService
from bot.services.champions import ChampionService
from bot.services.digest import DigestService
from bot.services.drafts import DraftService
from bot.services.export import ExportService
from bot.services.gates import GateService
from bot.services.home import HomeService
from bot.services.intake import IntakeService
from bot.services.known_issues import KnownIssueService
from bot.services.leader import Leadership
from bot.services.leaderboard import LeaderboardService
from bot.services.notices import NoticeService
from bot.services.office_hours import OfficeHoursService
from bot.services.ops import OpsService
from bot.services.people import PeopleService
from bot.services.queue import QueueService
from bot.services.sla import SlaService
from bot.services.survey_runs import SurveyRunService
from bot.services.surveys import SurveyService
from bot.services.usage import UsageService
from bot.settings import Settings
from bot.tracker import Tracker


@dataclass
class Services:
    settings: Settings
    config: PilotConfig
    clock: Clock
    engine: Engine
    guard: Guard
    client: AsyncWebClient
    intake: IntakeService
    drafts: DraftService
    queue: QueueService
    sla: SlaService
    known_issues: KnownIssueService
    leadership: Leadership
    home: HomeService
    export: ExportService
    surveys: SurveyService
    survey_runs: SurveyRunService
    notices: NoticeService
    people: PeopleService
    ops: OpsService
    deliverer: Deliverer
    usage: UsageService
    adoption: AdoptionService
    leaderboard: LeaderboardService
    champions: ChampionService
    office_hours: OfficeHoursService
    bulletin: BulletinService
    digest: DigestService
    counters: Counters = field(default_factory=Counters)
    db_health: Health = field(default_factory=Health)
    tracker: Tracker = field(init=False)

    def __post_init__(self) -> None:
        self.tracker = Tracker(on_error=lambda: self.counters.inc("pilotbot_listener_errors_total"))


def slack_client(settings: Settings) -> AsyncWebClient:
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return AsyncWebClient(token=token, base_url=settings.slack_api_url, timeout=10)


def build_services(
    settings: Settings,
    *,
    config: PilotConfig | None = None,
    clock: Clock | None = None,
    engine: Engine | None = None,
    client: AsyncWebClient | None = None,
) -> Services:
    """Wires everything from settings; tests and the demo pass their own clock, engine or client."""
    config = config or load_config(Path(settings.pilotbot_config))
    clock = clock or SystemClock()
    engine = engine or make_engine(settings.database_url)
    client = client or slack_client(settings)
    guard = Guard(config.phi.mrn_patterns, this_year=clock.now().year)
    ops = OpsService(engine, clock, config)
    deliverer = Deliverer(engine, clock, client, on_dead=ops.on_dead_letter)
    intake = IntakeService(engine, clock, config, guard, on_queued=deliverer.wake)
    adoption = AdoptionService(engine, clock, config)
    champions = ChampionService(engine, clock, config)
    gates = GateService(engine, config, adoption, champions)
    return Services(
        settings=settings,
        config=config,
        clock=clock,
        engine=engine,
        guard=guard,
        client=client,
        intake=intake,
        drafts=DraftService(engine, clock, guard, intake, on_queued=deliverer.wake),
        queue=QueueService(engine, clock, config, guard, on_queued=deliverer.wake),
        sla=SlaService(engine, clock, config, on_queued=deliverer.wake),
        known_issues=KnownIssueService(engine, clock, config, guard, on_queued=deliverer.wake),
        leadership=Leadership(engine, clock),
        home=HomeService(engine, clock, config, adoption, champions),
        export=ExportService(engine, clock, config),
        surveys=SurveyService(engine, clock, config, guard, on_queued=deliverer.wake),
        survey_runs=SurveyRunService(engine, clock, config, on_queued=deliverer.wake),
        notices=NoticeService(engine, clock, deliverer.wake),
        people=PeopleService(engine, clock, config),
        ops=ops,
        deliverer=deliverer,
        usage=UsageService(engine, clock, config, on_queued=deliverer.wake),
        adoption=adoption,
        leaderboard=LeaderboardService(engine, clock, config, on_queued=deliverer.wake),
        champions=champions,
        office_hours=OfficeHoursService(engine, clock, config, on_queued=deliverer.wake),
        bulletin=BulletinService(engine, clock, config, adoption, champions, on_queued=deliverer.wake),
        digest=DigestService(engine, clock, config, gates, guard, on_queued=deliverer.wake),
    )
