"""Demo challenges 揭榜挂帅 for an empty platform: eight realistic ones in the states a visitor
should see, made by the demo organisations of ``identity/bootstrap.py`` through the same service
functions as the API. Only the clock is moved by hand (deadlines and publicity already past).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.challenges import bids, decisions, service
from techmarket.challenges.models import (
    Challenge,
    ChallengeBoard,
    ChallengeMode,
    ChallengeStatus,
)
from techmarket.challenges.schemas import (
    BidAction,
    BidCreate,
    BidMilestone,
    ChallengeAction,
    ChallengeCreate,
    MilestoneAction,
    MilestoneReport,
    TeamMember,
)
from techmarket.core.principal import MembershipRole, PlatformRole, Principal
from techmarket.identity.models import Organization, User
from techmarket.reviews.models import ReviewAssignment, ReviewCriterion, ReviewRound
from techmarket.reviews.schemas import ReviewSave, ScoreIn
from techmarket.reviews.service import save_review, submit_review

BUREAU = "运城市科学技术局"
YINGUANG = "山西银光华盛镁业股份有限公司"
DAYUN = "运城市大运新能源汽车有限公司"
LVYUAN = "山西永济绿源农业科技有限公司"
YCU = "运城学院"
YCVTU = "运城职业技术大学"
MGRI = "山西省镁合金材料研究院"


@dataclass(frozen=True)
class DemoChallenge:
    issuer: str
    title: str
    description: str
    indicators: str
    field: str
    region: str
    keywords: tuple[str, ...]
    bounty: int
    bidders: tuple[str, ...]
    until: ChallengeStatus
    mode: ChallengeMode = ChallengeMode.OPEN_CALL


S = ChallengeStatus
DEMO_CHALLENGES = (
    DemoChallenge(
        YINGUANG, "高强韧镁合金压铸件表面防腐技术攻关",
        "镁合金压铸件耐蚀性不足，制约其在新能源汽车结构件上的批量应用，现面向社会张榜求解。",
        "中性盐雾试验 ≥ 500 小时；涂层附着力 0 级；单件处理成本增加不超过 10%。",
        "special_metal", "wenxi", ("镁合金", "压铸", "防腐"), 3_000_000, (YCU, MGRI), S.PUBLISHED,
    ),
    DemoChallenge(
        DAYUN, "新能源汽车电驱系统碳化硅功率模块国产化",
        "面向定向合作高校委托开发车规级碳化硅功率模块封装与驱动方案。",
        "模块功率密度 ≥ 45 kW/L；结温 175℃ 下连续运行 1000 小时无失效。",
        "new_energy_vehicle", "yanhu_hitech", ("碳化硅", "电驱", "功率模块"), 0, (YCVTU,),
        S.PUBLISHED, ChallengeMode.DIRECTED,
    ),
    DemoChallenge(
        BUREAU, "旱作区小麦节水抗旱品种选育与配套栽培技术",
        "运城旱作农业区亟需节水抗旱新品种及配套栽培技术，提升水分利用效率。",
        "选育新品系 2 个以上；亩产较对照增产 8%；水分利用效率提高 15%。",
        "dryland_agriculture", "yanhu", ("旱作农业", "小麦", "节水"), 2_000_000, (YCU, LVYUAN),
        S.CLOSED,
    ),
    DemoChallenge(
        BUREAU, "盐湖卤水提锂关键工艺与装备研发",
        "依托运城盐湖资源，开展低品位卤水提锂工艺与成套装备攻关。",
        "锂回收率 ≥ 85%；碳酸锂纯度 ≥ 99.5%；形成中试装置 1 套。",
        "chemical_material", "yanhu", ("提锂", "盐湖", "卤水"), 5_000_000, (DAYUN, LVYUAN),
        S.PUBLICITY,
    ),
    DemoChallenge(
        BUREAU, "轨道交通装备齿轮箱智能运维系统",
        "研发齿轮箱状态监测与故障预测系统，支撑轨道交通装备智能运维。",
        "故障预警准确率 ≥ 90%；提前预警时间 ≥ 72 小时；完成 3 列车示范应用。",
        "rail_intelligent_equipment", "yanhu", ("轨道交通", "智能运维", "故障预测"), 1_500_000,
        (DAYUN, YINGUANG), S.AWARDED,
    ),
    DemoChallenge(
        YINGUANG, "镁合金废料高值化再生利用技术",
        "镁合金加工废料回收率低、杂质高，需开发短流程再生利用技术。",
        "再生镁合金杂质铁含量 ≤ 0.004%；回收率 ≥ 95%；吨处理能耗下降 20%。",
        "special_metal", "wenxi", ("镁合金", "再生", "回收"), 1_200_000, (DAYUN, LVYUAN),
        S.IN_PROGRESS,
    ),
    DemoChallenge(
        BUREAU, "苹果采后商品化处理与冷链保鲜技术",
        "运城苹果采后损耗大，需研发商品化处理与冷链保鲜成套技术。",
        "贮藏期延长 60 天；损耗率降低至 5% 以下；建成示范线 1 条。",
        "dryland_agriculture", "linyi", ("苹果", "保鲜", "冷链"), 800_000, (LVYUAN, DAYUN),
        S.ACCEPTED,
    ),
    DemoChallenge(
        DAYUN, "固态电池硫化物电解质中试工艺",
        "开展硫化物固态电解质中试放大工艺攻关。",
        "离子电导率 ≥ 10 mS/cm；中试批次一致性 ≥ 95%。",
        "new_energy_vehicle", "yanhu_hitech", ("固态电池", "电解质"), 4_000_000, (),
        S.UNAWARDED,
    ),
)  # fmt: skip

CENT = Decimal("0.01")
REACHED = [S.PUBLISHED, S.CLOSED, S.REVIEWING, S.PUBLICITY, S.AWARDED, S.IN_PROGRESS, S.ACCEPTED]


async def _principal(session: AsyncSession, user: User) -> Principal:
    return Principal(
        user_id=user.id,
        organization_id=user.organization_id,
        organization_verified=True,
        membership=MembershipRole(user.membership) if user.membership else None,
        roles=frozenset(PlatformRole(role) for role in user.roles),
    )


async def _people(session: AsyncSession) -> tuple[dict[str, Principal], list[Principal], Principal]:
    rows = (
        await session.execute(
            select(Organization.name, User).join(User, User.organization_id == Organization.id)
        )
    ).all()
    owners: dict[str, Principal] = {}
    experts: list[Principal] = []
    admin = None
    for name, user in rows:
        principal = await _principal(session, user)
        if user.membership == MembershipRole.OWNER and name not in owners:
            owners[name] = principal
        if PlatformRole.EXPERT in user.roles:
            experts.append(principal)
        if PlatformRole.ADMIN in user.roles:
            admin = principal
    assert admin is not None, "seed the demo organisations first"
    return owners, experts, admin


async def _past(session: AsyncSession, challenge: Challenge, **values: datetime) -> None:
    for name, value in values.items():
        setattr(challenge, name, value)
    await session.commit()


async def seed_demo_challenges(*, session: AsyncSession) -> list[Challenge]:
    """Issue, bid on, review and award the demo challenges; answer them in their final state."""
    owners, experts, staff = await _people(session)
    now = datetime.now(UTC)
    made = []
    for number, demo in enumerate(DEMO_CHALLENGES):
        issuer = owners[demo.issuer]
        invited = [owners[name].organization_id for name in demo.bidders]
        data = ChallengeCreate(
            title=demo.title, description=demo.description, indicators=demo.indicators,
            field=demo.field, region=demo.region, keywords=list(demo.keywords),
            board=ChallengeBoard.GOVERNMENT if demo.issuer == BUREAU else ChallengeBoard.ENTERPRISE,
            mode=demo.mode, bounty=Decimal(demo.bounty), payer=demo.issuer,
            justification="该技术涉及企业核心产线，委托已有合作基础的高校定向攻关。"
            if demo.mode is ChallengeMode.DIRECTED else None,
            invited_organization_ids=[i for i in invited if i] if demo.mode is
            ChallengeMode.DIRECTED else [],
            deadline=now + timedelta(days=20 + 5 * number), duration_months=12 + number,
        )  # fmt: skip
        challenge = await service.create_challenge(session=session, principal=issuer, data=data)
        for action, who in ((ChallengeAction.SUBMIT, issuer), (ChallengeAction.APPROVE, staff)):
            await service.review_challenge(
                session=session, principal=who, challenge_id=challenge.id, action=action,
                reason=None,
            )  # fmt: skip
        bid_ids = []
        for position, name in enumerate(demo.bidders):
            bidder = owners[name]
            bid = await bids.create_bid(
                session=session, principal=bidder, challenge_id=challenge.id,
                data=BidCreate(
                    leader_name=f"{name[:2]}项目负责人",
                    team=[TeamMember(name="项目负责人", title="高级工程师", organization=name)],
                    approach=f"{name}拟采用产学研联合攻关方案，分小试、中试、示范三阶段推进。",
                    milestones=[BidMilestone(title="小试验证", month=4),
                                BidMilestone(title="中试与示范", month=10)],
                    price=Decimal(demo.bounty or 1_000_000) * Decimal("0.9") - position * 50_000,
                ),
            )  # fmt: skip
            await bids.act_on_bid(
                session=session, principal=bidder, challenge_id=challenge.id, bid_id=bid.id,
                action=BidAction.SUBMIT, reason=None,
            )  # fmt: skip
            bid_ids.append(bid.id)
        if demo.until is not S.PUBLISHED:
            await _past(session, challenge, deadline=datetime.now(UTC) - timedelta(days=1))
            await service.close_due_challenges(session)
            await session.commit()
        if demo.until in REACHED[2:]:
            await _review(session, challenge, bid_ids, staff, experts)
        if demo.until in REACHED[4:]:
            await _past(session, challenge,
                        publicity_ends_at=datetime.now(UTC) - timedelta(hours=1))  # fmt: skip
            await _decide(
                session, challenge.id, ChallengeAction.AWARD, staff, "综合评分第一，公示期内无异议"
            )
        if demo.until in REACHED[5:]:
            winner = next(p for p in owners.values()
                          if p.organization_id == challenge.winner_organization_id)  # fmt: skip
            await _decide(session, challenge.id, ChallengeAction.START_WORK, winner, None)
            milestone = await decisions.report_milestone(
                session=session, principal=winner, challenge_id=challenge.id,
                data=MilestoneReport(title="小试验证", report="完成小试，关键指标达到预期。"),
            )  # fmt: skip
            if demo.until is S.ACCEPTED:
                await decisions.review_milestone(
                    session=session, principal=issuer, challenge_id=challenge.id,
                    milestone_id=milestone.id, action=MilestoneAction.ACCEPT, reason="指标达到要求",
                )  # fmt: skip
                await _decide(session, challenge.id, ChallengeAction.ACCEPT, staff, "验收通过")
        made.append(await service.get_challenge(session=session, principal=staff,
                                                challenge_id=challenge.id))  # fmt: skip
    return made


async def _decide(
    session: AsyncSession,
    challenge_id: uuid.UUID,
    action: ChallengeAction,
    principal: Principal,
    reason: str | None,
) -> None:
    await decisions.decide_challenge(
        session=session, principal=principal, challenge_id=challenge_id, action=action,
        reason=reason,
    )  # fmt: skip


async def _review(
    session: AsyncSession,
    challenge: Challenge,
    bid_ids: list[uuid.UUID],
    staff: Principal,
    experts: list[Principal],
) -> None:
    """资格审查, then the demo experts without a conflict score every bid; the result goes to
    publicity (公示)."""
    for bid_id in bid_ids:
        await bids.act_on_bid(
            session=session, principal=staff, challenge_id=challenge.id, bid_id=bid_id,
            action=BidAction.MARK_ELIGIBLE, reason="资质材料齐全，符合揭榜条件",
        )  # fmt: skip
    await _decide(session, challenge.id, ChallengeAction.START_REVIEW, staff, None)
    stakeholders = {challenge.organization_id, *await service.bidders(session, challenge.id)}
    panel = [e for e in experts if e.organization_id not in stakeholders]
    await decisions.assign_panel(
        session=session, principal=staff, challenge_id=challenge.id,
        expert_ids=[e.user_id for e in panel if e.user_id],
    )  # fmt: skip
    for expert in panel:
        rows = (
            await session.execute(
                select(ReviewAssignment.id, ReviewRound.subject_id, ReviewRound.id)
                .join(ReviewRound, ReviewRound.id == ReviewAssignment.round_id)
                .where(
                    ReviewAssignment.expert_id == expert.user_id,
                    ReviewRound.subject_id.in_(bid_ids),
                )
            )
        ).all()
        for assignment_id, bid_id, round_id in rows:
            criteria = await session.scalars(
                select(ReviewCriterion).where(ReviewCriterion.round_id == round_id)
            )
            lower = bid_ids.index(bid_id)  # the first bidder scores best
            scores = [
                ScoreIn(criterion_id=c.id, score=(c.max_score * 9 / 10).quantize(CENT) - lower)
                for c in criteria
            ]
            await save_review(
                session=session,
                principal=expert,
                assignment_id=assignment_id,
                data=ReviewSave(scores=scores, comment="方案可行，团队基础扎实"),
            )
            await submit_review(session=session, principal=expert, assignment_id=assignment_id)
    await _decide(session, challenge.id, ChallengeAction.PROPOSE, staff, None)
