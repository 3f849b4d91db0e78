// Facts of the corpus that several suites pin, written once.

/** The twelve agency sections under IV. TỔ CHỨC THỰC HIỆN of the Hồng Bàng plan, in order. */
export const HONG_BANG_AGENCIES = [
  'Phòng Giáo dục và Đào tạo',
  'Phòng Nội vụ',
  'Tài chính - Kế hoạch',
  'Phòng Y tế, Trung tâm Y tế quận',
  'Phòng Kinh tế',
  'Phòng Văn hóa - Thông tin, Trung tâm VH-TT quận',
  'Phòng Lao động - Thương binh và Xã hội',
  'Đoàn Thanh niên Cộng sản Hồ Chí Minh quận',
  'Công an quận',
  'Các phòng, ban ngành, đoàn thể trong quận',
  'UBND 9 phường',
  'Các trường học',
];
