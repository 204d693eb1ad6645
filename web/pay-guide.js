/* kasir payment page: how to pay each pending method, step by step, in
 * English and Bahasa Indonesia. {v} is the number to pay (VA number, bill
 * key or payment code), {b} the biller code. */
(function () {
  'use strict';
  var G = {
    en: {
      permata_va: ['At a Permata ATM choose Other Transactions, then Payment, then Other Payments, then Virtual Account.',
        'Enter the virtual account number {v} and choose Correct.', 'Check the amount and the name, then choose Yes.',
        'Keep the receipt: the payment is confirmed automatically.'],
      other_va: ['At an ATM of the ATM Bersama, Prima or Alto network choose Other Transactions, then Transfer, then Transfer to Other Bank.',
        'Enter the bank code 013 (Permata) followed by the virtual account number: 013{v}.',
        'Enter the exact amount of this order and choose Correct.', 'Check the name and the amount, then confirm.'],
      bca_va: ['At a BCA ATM choose Other Transactions, then Transfer, then To BCA Virtual Account.',
        'Enter the virtual account number {v} and choose Correct.', 'Check the amount and the name, then choose Yes.',
        'With m-BCA: m-Transfer, BCA Virtual Account, enter {v}, then your m-BCA PIN.'],
      bni_va: ['At a BNI ATM choose Other Menu, then Transfer, then Virtual Account Billing.',
        'Enter the virtual account number {v} and choose Correct.', 'Check the amount and the name, then confirm.',
        'With BNI Mobile Banking: Transfer, Virtual Account Billing, enter {v}.'],
      echannel: ['At a Mandiri ATM choose Pay/Buy, then Others, then Multi Payment.', 'Enter the biller code {b} and choose Correct.',
        'Enter the bill key {v} and choose Correct.', 'Check the details, press 1 to choose the bill, then choose Yes.'],
      indomaret: ['Go to the nearest Indomaret store and tell the cashier you want to make a Midtrans payment.',
        'Give the cashier the payment code {v}.', 'Pay the amount in cash and keep the receipt.'],
      kioson: ['Go to the nearest Kioson outlet and say you want to make a Midtrans payment.',
        'Give the payment code {v}.', 'Pay the amount and keep the receipt.'],
      bca_klikbca: ['Log in to KlikBCA Individual with the user ID you entered.',
        'Choose Payment of e-Commerce, then the category and the merchant.',
        'Choose this order in the list of open payments and pay it with your KeyBCA response.']
    },
    id: {
      permata_va: ['Di ATM Permata pilih Transaksi Lainnya, lalu Pembayaran, lalu Pembayaran Lainnya, lalu Virtual Account.',
        'Masukkan nomor virtual account {v} lalu pilih Benar.', 'Periksa jumlah dan nama, lalu pilih Ya.',
        'Simpan struknya: pembayaran dikonfirmasi otomatis.'],
      other_va: ['Di ATM jaringan ATM Bersama, Prima atau Alto pilih Transaksi Lainnya, lalu Transfer, lalu Transfer ke Bank Lain.',
        'Masukkan kode bank 013 (Permata) diikuti nomor virtual account: 013{v}.',
        'Masukkan jumlah tepat pesanan ini lalu pilih Benar.', 'Periksa nama dan jumlah, lalu konfirmasi.'],
      bca_va: ['Di ATM BCA pilih Transaksi Lainnya, lalu Transfer, lalu ke Rek BCA Virtual Account.',
        'Masukkan nomor virtual account {v} lalu pilih Benar.', 'Periksa jumlah dan nama, lalu pilih Ya.',
        'Dengan m-BCA: m-Transfer, BCA Virtual Account, masukkan {v}, lalu PIN m-BCA.'],
      bni_va: ['Di ATM BNI pilih Menu Lain, lalu Transfer, lalu Virtual Account Billing.',
        'Masukkan nomor virtual account {v} lalu pilih Benar.', 'Periksa jumlah dan nama, lalu konfirmasi.',
        'Dengan BNI Mobile Banking: Transfer, Virtual Account Billing, masukkan {v}.'],
      echannel: ['Di ATM Mandiri pilih Bayar/Beli, lalu Lainnya, lalu Multi Payment.', 'Masukkan kode perusahaan {b} lalu pilih Benar.',
        'Masukkan kode bayar {v} lalu pilih Benar.', 'Periksa datanya, tekan 1 untuk memilih tagihan, lalu pilih Ya.'],
      indomaret: ['Datang ke gerai Indomaret terdekat dan sampaikan ke kasir bahwa Anda ingin membayar Midtrans.',
        'Berikan kode pembayaran {v} kepada kasir.', 'Bayar jumlahnya secara tunai dan simpan struknya.'],
      kioson: ['Datang ke gerai Kioson terdekat dan sampaikan bahwa Anda ingin membayar Midtrans.',
        'Berikan kode pembayaran {v}.', 'Bayar jumlahnya dan simpan struknya.'],
      bca_klikbca: ['Masuk ke KlikBCA Individual dengan user ID yang Anda masukkan.',
        'Pilih Pembayaran e-Commerce, lalu kategori dan merchant-nya.',
        'Pilih pesanan ini di daftar pembayaran lalu bayar dengan respons KeyBCA Anda.']
    }
  };
  /* the steps for a channel in lang; none for a channel without instructions */
  window.kasirPage.guide = function (channel, lang) {
    return (G[lang] || G.en)[channel] || [];
  };
}());
