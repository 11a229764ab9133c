/**
 * The External Access profiles demo data: the seed examples of NCP's API page first, then deterministic generated items.
 * The emulator's default data set and `generateDataSet` (`lib/lists/demo.ts`) compose every list's.
 */
import { DEMO_ACCOUNT_ID, kstIso, pick, randInt, uniqueNames, uuid4, type Rng } from "../demo-random";

/** An External Access profile, as `GET /api/v1/profiles` returns it. */
export interface ProfileItem {
  /** UUID-shaped. */
  profileId: string;
  /** `nrn:PUB:ExternalAccess::<account>:Profile/<id>`. */
  profileNrn: string;
  name: string;
  description: string;
  enabled: boolean;
  durationSeconds: number;
  /** Role NRNs; the docs do not state the element type, so tests may put anything here. */
  roleNrnList: unknown[];
  /** ISO 8601 with a `+09:00` offset. */
  createTime: string;
  updateTime: string;
}

function seedProfiles(): ProfileItem[] {
  const id = "76da1a8c-3e5f-4b21-9a7d-cf13dfc49aa6";
  return [
    {
      profileId: id,
      profileNrn: `nrn:PUB:ExternalAccess::${DEMO_ACCOUNT_ID}:Profile/${id}`,
      name: "profile000",
      description: "profile",
      enabled: true,
      durationSeconds: 600,
      roleNrnList: [],
      createTime: "2024-12-13T14:24:45.128+09:00",
      updateTime: "2024-12-13T14:24:45.128+09:00",
    },
  ];
}

const PROFILE_ENVS: readonly string[] = ["dev", "stg", "prod", "qa"];
const PROFILE_SYSTEMS: readonly string[] = [
  "github-actions",
  "gitlab-ci",
  "jenkins",
  "argocd",
  "terraform",
  "on-prem-batch",
  "data-pipeline",
  "monitoring",
  "backup",
  "log-shipper",
  "partner-sync",
  "mobile-backend",
];
const PROFILE_KO_ENVS: readonly string[] = ["개발", "운영", "스테이징"];
const PROFILE_KO_USES: readonly string[] = [
  "배포",
  "백업",
  "모니터링",
  "데이터수집",
  "로그전송",
  "배치작업",
  "외부연동",
  "감사",
];
const PROFILE_NAMES: readonly string[] = [
  ...PROFILE_ENVS.flatMap((e) => PROFILE_SYSTEMS.map((s) => `${e}-${s}`)),
  ...PROFILE_KO_ENVS.flatMap((e) => PROFILE_KO_USES.map((u) => `${e}-${u}-프로필`)),
  ...Array.from({ length: 107 }, (_, k) => `profile${String(k + 1).padStart(3, "0")}`),
];
const DURATIONS: readonly number[] = [600, 900, 1800, 3600, 7200, 43200];

/** `n` profiles (the seed first). */
export function generateProfiles(rng: Rng, n: number): ProfileItem[] {
  const out = seedProfiles().slice(0, n);
  const taken = new Set(out.map((p) => p.name));
  const roles = Array.from({ length: 12 }, () => `nrn:PUB:IAM::${DEMO_ACCOUNT_ID}:Role/${uuid4(rng)}`);
  const t0 = Date.UTC(2023, 2, 2, 0, 0, 0);
  let i = 0;
  for (const name of uniqueNames(n - out.length, PROFILE_NAMES, taken)) {
    i++;
    const profileId = uuid4(rng);
    const created = t0 + i * 29 * 3600_000 + randInt(rng, 0, 3_599_999);
    const updated = rng() < 0.5 ? created : created + randInt(rng, 60_000, 90 * 86400_000);
    const roleCount = randInt(rng, 0, 3);
    const roleNrnList: string[] = [];
    for (let r = 0; r < roleCount; r++) {
      const role = pick(rng, roles);
      if (!roleNrnList.includes(role)) roleNrnList.push(role);
    }
    const ko = /[가-힣]/.test(name);
    out.push({
      profileId,
      profileNrn: `nrn:PUB:ExternalAccess::${DEMO_ACCOUNT_ID}:Profile/${profileId}`,
      name,
      description: rng() < 0.2 ? "" : ko ? `${name} 용도` : `profile for ${name}`,
      enabled: rng() < 0.85,
      durationSeconds: pick(rng, DURATIONS),
      roleNrnList,
      createTime: kstIso(created),
      updateTime: kstIso(updated),
    });
  }
  return out;
}

/** Adds a profile that reuses the name of the one at `at`, with a new id. */
export function duplicateProfile(rng: Rng, profiles: ProfileItem[], at: (list: unknown[]) => number): void {
  const prof = profiles[at(profiles)];
  if (prof) {
    const profileId = uuid4(rng);
    profiles.push({
      ...prof,
      profileId,
      profileNrn: `nrn:PUB:ExternalAccess::${DEMO_ACCOUNT_ID}:Profile/${profileId}`,
      roleNrnList: [...prof.roleNrnList],
    });
  }
}
