export {
  ADIABATIC_EVAPORATIVE_SHARE,
  ADIABATIC_WET_HOURS,
  type HeatRejectionPlant,
  LATENT_HEAT_KJ_PER_KG,
  litresPerKWhEvaporated,
  PLANT_KINDS,
  plantLitresPerKWh,
  TOWER_CYCLES,
  TOWER_EVAPORATIVE_SHARE,
  type WaterDefault,
} from './plants.ts';
export {
  inventoryWater,
  type PodWater,
  podWater,
  type WaterFigures,
  waterFigures,
  workloadLitresPerHour,
} from './pod-water.ts';
export {
  type CoolingLoop,
  type LoopWater,
  litresPerMillion,
  type SiteWater,
  type SiteWaterInput,
  siteWater,
} from './site-water.ts';
