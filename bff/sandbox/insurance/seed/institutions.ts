// Demo 定点医药机构 in the three regions: hospitals of different levels, pharmacies and
// community clinics, with addresses, coordinates and whether they take the e-voucher.
// Codes are 12 characters: region (6) + H/P/C + serial (5).

export interface InstitutionSeed {
  code: string;
  name: string;
  kind: 'hospital' | 'pharmacy' | 'clinic';
  level: string | null;
  regionCode: string;
  address: string;
  lat: number;
  lng: number;
  phone: string | null;
  supportsEc: boolean;
}

type Row = [
  code: string,
  name: string,
  level: string | null,
  address: string,
  lat: number,
  lng: number,
  phone: string | null,
  ec?: false,
];

const KINDS = { H: 'hospital', P: 'pharmacy', C: 'clinic' } as const;

// A table, one line per row: easier to read and review than one field per line.
// prettier-ignore
const ROWS: Row[] = [
  ['231200H00001', '绥化市第一医院', '三级甲等', '黑龙江省绥化市北林区中直路153号', 46.6388, 126.9851, '0455-8224563'],
  ['231200H00002', '绥化市中医医院', '三级甲等', '黑龙江省绥化市北林区黄河路206号', 46.6469, 126.9744, '0455-8343120'],
  ['231200H00003', '绥化市第二医院', '二级甲等', '黑龙江省绥化市北林区康庄路9号', 46.6291, 126.9612, '0455-8235217'],
  ['231200H00004', '绥化市北林区人民医院', '二级甲等', '黑龙江省绥化市北林区东兴东路116号', 46.6352, 126.9937, '0455-8226051', false],
  ['231200P00001', '国药控股绥化大药房（中直路店）', null, '黑龙江省绥化市北林区中直路88号', 46.6402, 126.9803, '0455-8356677'],
  ['231200P00002', '老百姓大药房（绥化北林店）', null, '黑龙江省绥化市北林区北二东路21号', 46.6441, 126.9879, '0455-8318820'],
  ['231200P00003', '绥化市康健大药房', null, '黑龙江省绥化市北林区西直路45号', 46.6336, 126.9588, '0455-8271903', false],
  ['231200C00001', '北林区东兴街道社区卫生服务中心', '一级', '黑龙江省绥化市北林区东兴街道兴福路7号', 46.6317, 126.9902, '0455-8210335'],
  ['231200C00002', '北林区西长发镇卫生院', '一级', '黑龙江省绥化市北林区西长发镇政府街3号', 46.7203, 126.8471, null, false],
  ['610100H00001', '西安交通大学第一附属医院', '三级甲等', '陕西省西安市雁塔区雁塔西路277号', 34.2196, 108.9374, '029-85323112'],
  ['610100H00002', '西安市中心医院', '三级甲等', '陕西省西安市新城区后宰门161号', 34.2729, 108.9538, '029-87226250'],
  ['610100H00003', '陕西省人民医院', '三级甲等', '陕西省西安市碑林区友谊西路256号', 34.2496, 108.9331, '029-85251331'],
  ['610100H00004', '西安市雁塔区医院', '二级甲等', '陕西省西安市雁塔区西影路33号', 34.2232, 108.9727, '029-85521287', false],
  ['610100P00001', '怡康大药房（小寨店）', null, '陕西省西安市雁塔区小寨西路2号', 34.2250, 108.9423, '029-85262468'],
  ['610100P00002', '老百姓大药房（西安雁塔店）', null, '陕西省西安市雁塔区长安中路95号', 34.2291, 108.9475, '029-85529601'],
  ['610100P00003', '广济堂大药房（钟楼店）', null, '陕西省西安市碑林区南大街12号', 34.2586, 108.9471, '029-87287705', false],
  ['610100C00001', '雁塔区小寨路街道社区卫生服务中心', '一级', '陕西省西安市雁塔区兴善寺东街58号', 34.2238, 108.9508, '029-85358016'],
  ['330100H00001', '浙江大学医学院附属第一医院', '三级甲等', '浙江省杭州市上城区庆春路79号', 30.2590, 120.1756, '0571-87236114'],
  ['330100H00002', '杭州市第一人民医院', '三级甲等', '浙江省杭州市上城区浣纱路261号', 30.2573, 120.1671, '0571-56006000'],
  ['330100H00003', '浙江省中医院', '三级甲等', '浙江省杭州市上城区邮电路54号', 30.2513, 120.1688, '0571-87068001'],
  ['330100H00004', '杭州市西湖区中医院', '二级甲等', '浙江省杭州市西湖区文三路59号', 30.2778, 120.1453, '0571-88857620'],
  ['330100P00001', '海王星辰大药房（文三路店）', null, '浙江省杭州市西湖区文三路398号', 30.2787, 120.1313, '0571-88211093'],
  ['330100P00002', '九州大药房（延安路店）', null, '浙江省杭州市上城区延安路300号', 30.2567, 120.1648, '0571-87066235'],
  ['330100P00003', '华东大药房（庆春店）', null, '浙江省杭州市上城区庆春路120号', 30.2598, 120.1737, '0571-87230447', false],
  ['330100C00001', '西湖区北山街道社区卫生服务中心', '一级', '浙江省杭州市西湖区保俶路122号', 30.2665, 120.1447, '0571-87995012'],
];

export const INSTITUTIONS: readonly InstitutionSeed[] = ROWS.map(
  ([code, name, level, address, lat, lng, phone, ec]) => ({
    code,
    name,
    kind: KINDS[code.charAt(6) as keyof typeof KINDS],
    level,
    regionCode: code.slice(0, 6),
    address,
    lat,
    lng,
    phone,
    supportsEc: ec !== false,
  }),
);

/** Named institutions for tests and the demo (the counter has its own configuration). */
export const DEMO_INSTITUTIONS = {
  /** 绥化 pharmacy taking the e-voucher. */
  pharmacy: '231200P00001',
  /** 绥化 三甲 hospital taking the e-voucher. */
  hospital: '231200H00001',
  clinic: '231200C00001',
  /** 绥化 pharmacy that does not take the e-voucher (card or ID only). */
  pharmacyWithoutEc: '231200P00003',
  hospitalWithoutEc: '231200H00004',
  xianHospital: '610100H00001',
  xianPharmacy: '610100P00001',
  hangzhouHospital: '330100H00001',
  hangzhouPharmacy: '330100P00001',
} as const;
